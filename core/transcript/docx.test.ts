import { deflateSync as deflateRawSync, strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { MAX_EXPANSION } from "./docx";
import { parseTranscript } from "./parse";
import { deflatedRun, lyingZip } from "./zip-bomb.test-helper";

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A minimal real .docx: one Word paragraph per string (runs split to show they are joined back). */
function docx(paragraphs: string[]): Uint8Array {
  const body = paragraphs
    .map((p) => {
      const half = Math.floor(p.length / 2);
      const runs = [p.slice(0, half), p.slice(half)].map(
        (r) => `<w:r><w:t xml:space="preserve">${escapeXml(r)}</w:t></w:r>`,
      );
      return `<w:p>${runs.join("")}</w:p>`;
    })
    .join("");
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return zipSync({
    "[Content_Types].xml": strToU8(CONTENT_TYPES),
    "_rels/.rels": strToU8(RELS),
    "word/document.xml": strToU8(document),
  });
}

describe("parseTranscript on .docx", () => {
  it("reads speakers, headers and continuation paragraphs from a Word document", async () => {
    const bytes = docx([
      "Title: Vendor call",
      "Date: 2 March 2025",
      "Alice: Welcome & thanks.",
      "Bob: Glad to be here.",
      "Really.",
    ]);
    const t = await parseTranscript(bytes, { fileName: "call.docx" });
    expect(t).toMatchObject({
      format: "docx",
      title: "Vendor call",
      date: "2025-03-02",
      speakers: ["Alice", "Bob"],
    });
    expect(t.segments.map((s) => s.text)).toEqual(["Welcome & thanks.", "Glad to be here.\nReally."]);
  });

  it("recognises a .docx by its zip signature when there is no file name", async () => {
    const t = await parseTranscript(docx(["Alice: hi"]));
    expect(t.format).toBe("docx");
  });

  it("makes paragraphs into Unknown segments when the document names no speakers", async () => {
    const t = await parseTranscript(docx(["First thought.", "Second thought."]), { fileName: "memo.docx" });
    expect(t.segments.map((s) => [s.speaker, s.text])).toEqual([
      ["Unknown", "First thought."],
      ["Unknown", "Second thought."],
    ]);
  });

  it("refuses a .docx with no text as an empty transcript", async () => {
    await expect(parseTranscript(docx([]), { fileName: "blank.docx" })).rejects.toMatchObject({
      code: "empty_transcript",
    });
  });

  it("refuses plain text named .docx, and a .docx named .txt", async () => {
    await expect(parseTranscript("Alice: hi", { fileName: "x.docx" })).rejects.toMatchObject({
      code: "malformed_docx",
    });
    await expect(parseTranscript(docx(["Alice: hi"]), { fileName: "x.txt" })).rejects.toMatchObject({
      code: "binary_content",
    });
  });
});

describe("a .docx whose zip headers lie about its size", () => {
  const MAX = 100_000; // cap: MAX × MAX_EXPANSION = 2 MB of XML
  const parts = (
    document: Uint8Array,
    claimedSize: number,
    extra: Array<{ name: string; deflated: Uint8Array; claimedSize: number }> = [],
  ) =>
    lyingZip([
      { name: "[Content_Types].xml", deflated: deflateRaw(CONTENT_TYPES), claimedSize: CONTENT_TYPES.length },
      { name: "_rels/.rels", deflated: deflateRaw(RELS), claimedSize: RELS.length },
      { name: "word/document.xml", deflated: document, claimedSize },
      ...extra,
    ]);

  it("is refused as too_large by the bytes it really inflates to, not the 1,000 it claims", async () => {
    const bomb = parts(deflatedRun(5 * MAX * MAX_EXPANSION), 1_000);
    expect(bomb.length).toBeLessThan(MAX);
    await expect(parseTranscript(bomb, { fileName: "bomb.docx", maxBytes: MAX })).rejects.toMatchObject({
      code: "too_large",
      message: expect.stringMatching(/would unpack to more than 1\.9 MB/),
    });
  });

  it("is read when what it really holds is under the cap, whatever it claims", async () => {
    const xml = documentXml(["Alice: The headers undersell me.", "Bob: Still read."]);
    const t = await parseTranscript(parts(deflateRaw(xml), 10), { fileName: "small.docx", maxBytes: MAX });
    expect(t.speakers).toEqual(["Alice", "Bob"]);
  });

  it("never inflates parts that hold no text, such as an image bomb", async () => {
    const xml = documentXml(["Alice: Only my words matter."]);
    const media = {
      name: "word/media/image1.png",
      deflated: deflatedRun(5 * MAX * MAX_EXPANSION),
      claimedSize: 100,
    };
    const t = await parseTranscript(parts(deflateRaw(xml), xml.length, [media]), {
      fileName: "pic.docx",
      maxBytes: MAX,
    });
    expect(t.segments.map((s) => s.text)).toEqual(["Only my words matter."]);
  });
});

const deflateRaw = (text: string) => deflateRawSync(strToU8(text), { level: 6 });
function documentXml(paragraphs: string[]): string {
  const body = paragraphs
    .map((p) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}
