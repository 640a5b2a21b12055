import { describe, expect, it } from "vitest";
import { parseTranscript } from "../transcript";
import { redactTranscript, restoreText } from "./redact";

const TEXT = [
  "Anna Schmidt: Please write to anna.schmidt@example.com or call +49 30 1234567 before Friday.",
  "Ben Okafor: Sure. The refund goes to IBAN DE89 3704 0044 0532 0130 00, card 4111 1111 1111 1111.",
  "Anna Schmidt: And the old account number 12345678 is closed. Dr. Weber agreed on 2025-10-01 at 10:30.",
  "Project Manager: Anna, Ben, thanks. Budget is 1250 euros for 12 units.",
].join("\n");

describe("redaction", () => {
  it("replaces contact and account details by stable placeholders and leaves dates, times and amounts", async () => {
    const t = await parseTranscript(TEXT, { format: "text" });
    const { transcript, mapping, counts } = redactTranscript(t, { names: false });
    const all = transcript.segments.map((s) => s.text).join("\n");
    for (const secret of ["anna.schmidt@example.com", "+49 30 1234567", "DE89 3704", "4111 1111", "12345678"])
      expect(all).not.toContain(secret);
    expect(all).toContain("[EMAIL_1]");
    expect(all).toContain("[PHONE_1]");
    expect(all).toContain("IBAN [IBAN_1]");
    expect(all).toContain("card [CARD_1]");
    expect(all).toContain("account number [ACCOUNT_1]");
    expect(all).toContain("2025-10-01 at 10:30");
    expect(all).toContain("1250 euros for 12 units");
    expect(counts).toEqual({ EMAIL: 1, PHONE: 1, IBAN: 1, CARD: 1, ACCOUNT: 1 });
    expect(transcript.speakers).toEqual(t.speakers);
    expect(restoreText(all, mapping)).toBe(t.segments.map((s) => s.text).join("\n"));
  });

  it("with names, replaces the speakers and the names in the text, one placeholder per person", async () => {
    const t = await parseTranscript(TEXT, { format: "text" });
    const { transcript, mapping } = redactTranscript(t, { names: true });
    expect(transcript.speakers).toEqual(["[PERSON_1]", "[PERSON_2]", "Project Manager"]);
    const last = transcript.segments.at(-1)!.text;
    expect(last).toBe("[PERSON_1], [PERSON_2], thanks. Budget is 1250 euros for 12 units.");
    expect(transcript.segments[2]!.text).toContain("Dr. [PERSON_3]");
    expect(new Map(mapping).get("[PERSON_1]")).toBe("Anna Schmidt");
    expect(restoreText("[PERSON_3] agreed", mapping)).toBe("Weber agreed");
  });

  it("does not take a number that fails the card or IBAN check for one", async () => {
    const t = await parseTranscript("Ann: Order 4111 1111 1111 1112 and ref DE00 1234 5678 9012 3456 78.", {
      format: "text",
    });
    const { counts } = redactTranscript(t, { names: false });
    expect(counts.CARD).toBeUndefined();
    expect(counts.IBAN).toBeUndefined();
  });
});
