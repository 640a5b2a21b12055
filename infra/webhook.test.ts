import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import type { JobDocument } from "../core/jobs/job";
import { ROOT } from "../test/helpers/pipeline-harness";
import { loadConfig } from "./config";
import { webhookFromConfig } from "./webhook";

function capturingLog() {
  const lines: Array<{ level: string; msg: string }> = [];
  const at = (level: string) => (_obj: object, msg?: string) => void lines.push({ level, msg: msg ?? "" });
  return { lines, log: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } };
}

const DOC = {
  jobId: "20251001-120000-abcdef0123456789abcdef01",
  status: "completed",
  errors: [],
} as unknown as JobDocument;

describe("the completion webhook", () => {
  it("is not sent unsigned: with no key at all it is off, and the log says once how to set one", () => {
    const { lines, log } = capturingLog();
    const config = loadConfig({ NOTIFY_WEBHOOK_URL: "http://127.0.0.1:9/hook" }, ROOT);
    expect(webhookFromConfig(config, log)).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "error", msg: expect.stringMatching(/NOTIFY_WEBHOOK_SECRET/) });
  });

  it("is signed with NOTIFY_WEBHOOK_SECRET over the exact body", async () => {
    const received: Array<{ body: string; signature: string | undefined }> = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        received.push({ body, signature: req.headers["x-signature-256"] as string | undefined });
        res.end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const config = loadConfig({ NOTIFY_WEBHOOK_URL: url, NOTIFY_WEBHOOK_SECRET: "hook-secret-1" }, ROOT);
      await webhookFromConfig(config, capturingLog().log)!(DOC);
      expect(received).toHaveLength(1);
      const expected = `sha256=${createHmac("sha256", "hook-secret-1").update(received[0]!.body).digest("hex")}`;
      expect(received[0]!.signature).toBe(expected);
    } finally {
      server.close();
    }
  });
});
