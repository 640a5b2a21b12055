import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { parseTranscript } from "../transcript";
import { detectLanguage } from "./detect";
import { labelsFor } from "./labels";
import { LanguageTagSchema, languageInstruction, outputLanguage } from "./language";

const MEETINGS = {
  de: [
    "Anna: Guten Morgen zusammen, heute müssen wir über das Budget für das nächste Quartal sprechen.",
    "Ben: Ich schicke euch die überarbeitete Kalkulation bis Freitag, dann können wir entscheiden.",
    "Anna: Gut, dann halten wir fest, dass der Start auf Montag verschoben wird.",
  ],
  fr: [
    "Anne : Bonjour à tous, aujourd'hui nous devons parler du budget pour le prochain trimestre.",
    "Benoît : Je vous envoie le calcul révisé avant vendredi, ensuite nous pourrons décider.",
    "Anne : Très bien, nous notons donc que le lancement est reporté à lundi.",
  ],
  es: [
    "Ana: Buenos días a todos, hoy tenemos que hablar del presupuesto para el próximo trimestre.",
    "Benito: Os envío el cálculo revisado antes del viernes y después podremos decidir.",
    "Ana: Muy bien, dejamos claro entonces que el lanzamiento se retrasa hasta el lunes.",
  ],
  en: [
    "Ann: Good morning everyone, today we need to talk about the budget for the next quarter.",
    "Ben: I will send you the revised estimate by Friday, and then we can decide.",
    "Ann: Fine, so we note that the launch moves to Monday.",
  ],
};

describe("the transcript's language", () => {
  it.each(Object.entries(MEETINGS))("is told offline from what was said: %s", async (tag, lines) => {
    const transcript = await parseTranscript(lines.join("\n"), { format: "text" });
    expect(detectLanguage(transcript)).toBe(tag);
  });

  it("is left open for a transcript with too little speech to tell", async () => {
    expect(detectLanguage(await parseTranscript("Ann: Okay.\nBo: Yes.", { format: "text" }))).toBeUndefined();
  });
});

describe("the output language", () => {
  it("takes BCP 47 tags, canonicalized, and refuses what is not one", () => {
    expect(v.parse(LanguageTagSchema, "PT-br")).toBe("pt-BR");
    expect(v.parse(LanguageTagSchema, " ja ")).toBe("ja");
    expect(v.safeParse(LanguageTagSchema, "German").success).toBe(false);
    expect(v.safeParse(LanguageTagSchema, "de_DE").success).toBe(false);
  });

  it("tells the model to write in it, headings included, and to keep quotes as spoken", () => {
    const text = languageInstruction(outputLanguage("de", "request"));
    expect(text).toContain("German (de)");
    expect(text).toMatch(/Translate the section headings/);
    expect(text).toMatch(/Quotations stay exactly as spoken/);
    expect(outputLanguage("pt-BR", "request").name).toBe("Brazilian Portuguese");
  });

  it("has headings for English, German, French and Spanish, and English for the others", () => {
    expect(labelsFor("de-AT").actionItems).toBe("Aufgaben");
    expect(labelsFor("fr").decisions).toBe("Décisions");
    expect(labelsFor("es").risks).toBe("Riesgos");
    expect(labelsFor("ja").openQuestions).toBe("Open questions");
    expect(labelsFor("de").count(1, "word")).toBe("1 Wort");
  });
});
