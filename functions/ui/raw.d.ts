/** `import text from "./page.html?raw"`: a file's text, inlined by the build (and by vitest). */
declare module "*?raw" {
  const text: string;
  export default text;
}
