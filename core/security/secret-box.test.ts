import { describe, expect, it } from "vitest";
import { createSecretBox, webhookSignature } from "./secret-box";

describe("secret box", () => {
  const box = createSecretBox("a-long-enough-session-secret");

  it("encrypts an API key so that only the same secret opens it", () => {
    const sealed = box.encrypt("sk-proj-abcdef123456");
    expect(sealed).not.toContain("sk-proj");
    expect(box.decrypt(sealed)).toBe("sk-proj-abcdef123456");
    expect(createSecretBox("another-long-session-secret").decrypt(sealed)).toBeUndefined();
    expect(box.encrypt("same")).not.toBe(box.encrypt("same")); // fresh IV each time
  });

  it("refuses a tampered ciphertext", () => {
    const sealed = box.encrypt("sk-123");
    const parts = sealed.split(".");
    parts[2] = Buffer.from("sk-999").toString("base64url");
    expect(box.decrypt(parts.join("."))).toBeUndefined();
    expect(box.decrypt("garbage")).toBeUndefined();
  });

  it("signs values and rejects a changed value or signature", () => {
    const signed = box.sign("session-id-1");
    expect(box.unsign(signed)).toBe("session-id-1");
    expect(box.unsign(signed.replace("session-id-1", "session-id-2"))).toBeUndefined();
    expect(box.unsign(`${signed}x`)).toBeUndefined();
    expect(box.unsign("no-signature")).toBeUndefined();
  });

  it("refuses a short secret", () => {
    expect(() => createSecretBox("short")).toThrow(/at least 16/);
  });

  it("signs webhook bodies as GitHub-style sha256 HMACs", () => {
    expect(webhookSignature("s3cret", "{}")).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(webhookSignature("s3cret", "{}")).toBe(webhookSignature("s3cret", "{}"));
    expect(webhookSignature("s3cret", "{}")).not.toBe(webhookSignature("s3cret", "{ }"));
  });
});
