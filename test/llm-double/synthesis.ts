import { defaultResponder } from "./responders";
import type { Responder } from "./types";

/**
 * Answers a synthesis of the test meetings BUDGET_MEETING and LAUNCH_MEETING (test/helpers/meetings):
 * points that cite each meeting's own words, then one theme citing both, with two citations that
 * do not hold (an unknown segment and a quote nobody said) and one of a meeting that is not there.
 * Every other request gets the double's default answer.
 */
export const synthesisResponder: Responder = (req, index) => {
  const prompt = req.messages.map((m) => m.content).join("\n");
  const json = (value: unknown) => ({ text: JSON.stringify(value) });
  if (req.jsonSchemaName === "meeting_points") {
    const budget = prompt.includes("kinetic battery instead");
    return json({
      points: [
        budget
          ? {
              statement: "Bob proposes a kinetic battery.",
              speakers: ["Bob"],
              segmentIds: ["seg-2"],
              quotes: ["We could use a kinetic battery instead"],
            }
          : {
              statement: "The kinetic battery is the launch story.",
              speakers: ["Dana"],
              segmentIds: ["seg-3"],
              quotes: ["our kinetic battery is the story"],
            },
      ],
      openQuestions: budget ? ["What does the case cost?"] : [],
    });
  }
  if (req.jsonSchemaName !== "synthesis_themes") return defaultResponder(req, index);
  // Each meeting's handle, as the themes prompt heads its points ("## M2 · Budget review").
  const handleOf = (title: string) =>
    [...prompt.matchAll(/## (M\d+) · ([^\n·]+)/g)].find((m) => m[2]!.trim() === title)?.[1];
  const budget = handleOf("Budget review") ?? "M1";
  const launch = handleOf("Launch plan") ?? "M2";
  return json({
    themes: [
      {
        title: "The kinetic battery",
        summary: "Both meetings put the kinetic battery forward.",
        agreement: "It is the battery to use.",
        differences: "",
        evidence: [
          { meeting: budget, segmentIds: ["seg-2"], quotes: ["We could use a kinetic battery instead"] },
          {
            meeting: launch,
            segmentIds: ["seg-3", "seg-99"],
            quotes: ["our kinetic battery is the story", "a quote nobody said"],
          },
          { meeting: "M7", segmentIds: ["seg-1"], quotes: [] },
        ],
      },
    ],
    openQuestions: ["Which battery lasts longer?"],
  });
};
