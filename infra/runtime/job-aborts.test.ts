import { describe, expect, it } from "vitest";
import { createJobAborts } from "./job-aborts";

describe("abort signals per job", () => {
  it("gives one signal per job and aborts it on cancel", () => {
    const aborts = createJobAborts();
    const signal = aborts.signalFor("job-1");
    expect(aborts.signalFor("job-1")).toBe(signal);
    aborts.abort("job-1");
    expect(signal.aborted).toBe(true);
    expect(aborts.signalFor("job-1").aborted).toBe(false);
  });

  it("keeps at most `max` jobs, dropping the oldest first", () => {
    const aborts = createJobAborts(3);
    const first = aborts.signalFor("a");
    for (const id of ["b", "c", "d"]) aborts.signalFor(id);
    expect(aborts.size).toBe(3);
    expect(aborts.signalFor("a")).not.toBe(first);
  });
});
