import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import { FIXTURES } from "../../test/helpers/pipeline-harness";
import analyze from "../analyze";
import uploads from "./index";

const testDeps = useTestDeps();
async function setup(env: Record<string, string> = {}) {
  const t = await testDeps(env);
  return { ...t, app: uploads(t.deps) };
}
function form(name: string, content: BlobPart, field = "file"): RequestInit {
  const body = new FormData();
  body.append(field, new File([content], name));
  return { method: "POST", body };
}

describe("POST /api/uploads", () => {
  it("reads an uploaded VTT at once and tells what it found", async () => {
    const { app } = await setup();
    const vtt = await readFile(path.join(FIXTURES, "ES2002a.vtt"));
    const res = await app.request("/api/uploads", form("ES2002a.vtt", vtt));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      ok: true,
      fileId: expect.stringMatching(/^[a-f0-9]{24}$/),
      fileName: "ES2002a.vtt",
      format: "vtt",
      speakers: ["Project Manager", "Marketing", "Industrial Designer", "User Interface"],
      segments: 287,
    });
  });

  it("keeps the file for POST /api/analyze {fileId}", async () => {
    const t = await setup();
    const up = await (
      await t.app.request(
        "/api/uploads",
        form("notes.md", "# Standup\n\n**Ana:** I'll fix the build today.\n**Raj:** Thanks.\n"),
      )
    ).json();
    const res = await analyze(t.deps).request("/api/analyze", jsonRequest("POST", { fileId: up.fileId }));
    expect(res.status).toBe(202);
    const { jobId } = await res.json();
    await t.idle();
    const doc = await t.deps.store.get(jobId);
    expect(doc?.source).toMatchObject({
      fileName: "notes.md",
      format: "markdown",
      speakers: ["Ana", "Raj"],
      title: "Standup",
    });
  });

  it.each([
    ["a .pdf", "report.pdf", "%PDF-1.4", 415, "unsupported_format"],
    ["an empty file", "empty.txt", "", 400, "empty_transcript"],
    ["a binary file named .txt", "x.txt", new Uint8Array([0, 1, 2, 3, 0, 0, 9]), 415, "binary_content"],
    ["a broken SRT", "a.srt", "1\n00:00:01,000 --> nonsense\nHi\n", 400, "malformed_srt"],
    ["invalid JSON", "a.json", '{"segments": [', 400, "malformed_json"],
    ["a fake docx", "a.docx", "not a zip at all", 400, "malformed_docx"],
  ])("refuses %s with a clear error", async (_label, name, content, status, code) => {
    const { app } = await setup();
    const res = await app.request("/api/uploads", form(name, content as BlobPart));
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body).toMatchObject({ ok: false, error: { code } });
    expect(body.error.message.length).toBeGreaterThan(10);
  });

  it("refuses a file over the upload limit with 413", async () => {
    const { app } = await setup({ MAX_UPLOAD_BYTES: "2048" });
    const res = await app.request("/api/uploads", form("big.txt", `Alice: ${"word ".repeat(2000)}`));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("too_large");
  });

  it("refuses a request that is not multipart or has no file field", async () => {
    const { app } = await setup();
    expect((await app.request("/api/uploads", jsonRequest("POST", { file: "x" }))).status).toBe(400);
    const res = await app.request("/api/uploads", form("a.txt", "Alice: hi", "other"));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/field "file"/);
  });

  it("keeps only the base name of a file name with a path in it", async () => {
    const { app } = await setup();
    const res = await app.request("/api/uploads", form("../../etc/passwd.txt", "Alice: hello there"));
    expect((await res.json()).fileName).toBe("passwd.txt");
  });

  it("answers 400, not 500, to a file name with a raw CR LF in its part header", async () => {
    const { app } = await setup();
    const boundary = "----crlf";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a\r\nb.txt"\r\nContent-Type: text/plain\r\n\r\nAlice: hi\r\n--${boundary}--\r\n`;
    const res = await app.request("/api/uploads", {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "invalid_request", message: /multipart body/ });
  });
});
