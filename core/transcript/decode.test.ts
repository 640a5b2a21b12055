import { describe, expect, it } from "vitest";
import { decodeTranscriptInput } from "./decode";

const bytes = (...parts: Array<number[] | string>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));
const textOf = (input: Uint8Array | string) => {
  const decoded = decodeTranscriptInput(input);
  if (decoded.kind !== "text") throw new Error("expected text");
  return decoded.text;
};

describe("decodeTranscriptInput", () => {
  it("drops a UTF-8 byte order mark, from bytes and from a string", () => {
    expect(textOf(bytes([0xef, 0xbb, 0xbf], "Alice: hi"))).toBe("Alice: hi");
    expect(textOf("\uFEFFAlice: hi")).toBe("Alice: hi");
  });

  it("decodes UTF-16 little- and big-endian text that has a byte order mark", () => {
    const le = [
      0xff,
      0xfe,
      ..."Zoë: hi".split("").flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]),
    ];
    const be = [
      0xfe,
      0xff,
      ..."Zoë: hi".split("").flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]),
    ];
    expect(textOf(new Uint8Array(le))).toBe("Zoë: hi");
    expect(textOf(new Uint8Array(be))).toBe("Zoë: hi");
  });

  it("keeps non-ASCII text intact", () => {
    expect(textOf(bytes("José: ¿qué tal? 张三：你好 🎉"))).toBe("José: ¿qué tal? 张三：你好 🎉");
  });

  it("removes a few stray control characters instead of refusing the file", () => {
    expect(textOf(`Alice: hi\x07 there\x1b\nBob:\fok`)).toBe("Alice: hi there\nBob: ok");
    // A NUL in the first few KB marks a binary file; one further on is only stray.
    const long = `Alice: ${"la ".repeat(3000)}`;
    expect(textOf(`${long}\x00!`)).toBe(`${long}!`);
  });

  it("passes a zip on as bytes unless another format was asked for", () => {
    const zip = bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]);
    expect(decodeTranscriptInput(zip).kind).toBe("zip");
    expect(decodeTranscriptInput(zip, { format: "docx" }).kind).toBe("zip");
    expect(() => decodeTranscriptInput(zip, { format: "text" })).toThrow(
      expect.objectContaining({ code: "binary_content" }),
    );
  });

  it("counts the size limit in UTF-8 bytes, for strings too", () => {
    expect(textOf("é".repeat(5))).toBe("ééééé");
    expect(() => decodeTranscriptInput("é".repeat(6), { maxBytes: 11 })).toThrow(
      expect.objectContaining({ code: "too_large", details: { bytes: 12, maxBytes: 11 } }),
    );
  });
});
