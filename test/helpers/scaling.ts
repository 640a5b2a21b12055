/**
 * How a function's time grows with its input, as a same-run ratio rather than a clock reading (a
 * busy machine slows both sizes alike): (time at n·k / time at n) / k. Linear work gives about 1,
 * quadratic work about k. Each size runs a few times and its fastest run counts, and the lowest of
 * three ratios is answered: a pause of the machine can only inflate one reading, while quadratic
 * work stays near k in all of them.
 */
export function growthRatio(run: (size: number) => void, size: number, factor = 10, repeats = 3): number {
  return Math.min(...[0, 1, 2].map(() => oneRatio(run, size, factor, repeats)));
}

function oneRatio(run: (size: number) => void, size: number, factor: number, repeats: number): number {
  const fastest = (n: number) => {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < repeats; i++) {
      const started = performance.now();
      run(n);
      best = Math.min(best, performance.now() - started);
    }
    return Math.max(best, 0.05);
  };
  fastest(size); // warm up the JIT on the small size first
  return fastest(size * factor) / fastest(size) / factor;
}
