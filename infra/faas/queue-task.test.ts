import { describe, expect, it } from "vitest";
import { parseQueueTask } from "./queue-task";

const JOB = "20250101-120000-abcdef0123456789abcdef01";

describe("a queue message body", () => {
  it.each([
    { name: "run-analyzer", jobId: JOB, stage: "A", analyzerId: "say-means" },
    { name: "close-stage", jobId: JOB, stage: "final" },
    { name: "insights", jobId: JOB },
    { name: "finalize", jobId: JOB },
  ])("is read as the task it names: %j", (task) => {
    expect(parseQueueTask(JSON.stringify(task))).toEqual(task);
  });

  it.each([
    ["not JSON", "{", /not JSON/],
    ["an unknown task", JSON.stringify({ name: "drop-tables", jobId: JOB }), /name/],
    [
      "a job id that could leave its folder",
      JSON.stringify({ name: "finalize", jobId: "../../etc" }),
      /jobId/,
    ],
    ["an unknown stage", JSON.stringify({ name: "close-stage", jobId: JOB, stage: "Z" }), /stage/],
    [
      "an analyzer id with a path in it",
      JSON.stringify({ name: "run-analyzer", jobId: JOB, stage: "A", analyzerId: "../x" }),
      /analyzerId/,
    ],
  ])("is refused when it is %s, saying where", (_label, body, message) => {
    const error = (() => {
      try {
        parseQueueTask(body);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: "invalid_request", message: expect.stringMatching(message) });
  });
});
