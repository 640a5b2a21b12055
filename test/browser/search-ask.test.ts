import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/chromium";
import { seedPgliteDir } from "../helpers/databases";
import { type HostProcess, PINNED_HOST_ENV, startHost } from "../helpers/host-process";
import { type LlmDouble, startLlmDouble } from "../llm-double";
import { citingResponder } from "../llm-double/citing";

/**
 * Speakers by name, search and ask in a real browser (Debian's Chromium, playwright-core) against
 * the embedded host built from the bundles, the LLM test double answering with citations.
 */
const WAIT_MS = 30_000;

const TRANSCRIPT = `Title: Payment migration sync
Date: 2025-10-02

Speaker 1: The payment provider migration still needs two integration tests.
Speaker 2: And a security review of the payment flow before we switch.
Speaker 1: We decided to ship the new checkout on October 14 if the review passes.
Speaker 2: I will prepare a fallback plan for the payment flow by Tuesday.
`;

let double: LlmDouble;
let browser: Browser;
let host: HostProcess;
let dir: string;

beforeAll(async () => {
  double = await startLlmDouble();
  dir = await mkdtemp(path.join(os.tmpdir(), "ui-search-"));
  await seedPgliteDir(path.join(dir, "data", "db"));
  host = await startHost("http", {
    ...PINNED_HOST_ENV,
    OUTPUT_DIR: path.join(dir, "out"),
    DATA_DIR: path.join(dir, "data"),
    OPENAI_BASE_URL: double.baseURL,
    // The double listens on loopback, which would make it a local server (one call at a time); it
    // stands for a hosted service here.
    LLM_SERVER_KIND: "hosted",
    SESSION_SECRET: "browser-test-session-secret-0123",
  });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await double?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function finishedJob(): Promise<string> {
  const res = await fetch(`${host.url}/api/analyze`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ transcriptText: TRANSCRIPT, selected: { stageA: [], stageB: [], final: [] } }),
  });
  const { jobId } = (await res.json()) as { jobId: string };
  await expect
    .poll(
      async () =>
        ((await (await fetch(`${host.url}/api/status/${jobId}`)).json()) as { status: string }).status,
      {
        timeout: WAIT_MS,
      },
    )
    .toBe("completed");
  return jobId;
}

describe("search and ask in the web UI", () => {
  it("renames a speaker, searches, opens a result at its segment, asks and sees the cited segment highlighted", async () => {
    const jobId = await finishedJob();
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    try {
      await page.goto(`${host.url}/#/jobs/${jobId}`);
      await page.locator("#results .results-layout").waitFor({ state: "visible" });

      // Rename "Speaker 1" in the transcript panel.
      await page.getByText("Rename speakers").click();
      await page.locator("#speaker-form input[data-speaker='Speaker 1']").fill("Alice");
      await page.getByRole("button", { name: "Save names" }).click();
      await page.locator(".seg-speaker", { hasText: "Alice" }).first().waitFor();
      expect(await page.locator(".seg-speaker", { hasText: "Speaker 1" }).count()).toBe(0);

      // Search from the history page; the passage opens the meeting at its segment.
      await page.goto(`${host.url}/#/history`);
      await page.locator("#history-search-q").fill("security review");
      await page.locator("#history-search button[type=submit]").click();
      const hit = page.locator(".search-hit-link").first();
      await hit.waitFor();
      expect(await page.locator(".search-snippet mark").first().textContent()).toMatch(/security|review/i);
      await hit.click();
      await page.waitForURL(/#\/jobs\/[^/]+\/seg-\d+$/);
      const segment = /seg-\d+$/.exec(page.url())![0];
      await page.locator(`#${segment}.highlight`).waitFor();

      // Ask: the answer streams in, its citations are links, the cited segments are marked.
      double.setResponder(citingResponder());
      await page.getByRole("tab", { name: /Ask/ }).click();
      await page.locator("#ask-question").fill("What does the payment migration still need?");
      await page.locator("#ask-submit").click();
      await page.locator(".ask-answer a.cite").first().waitFor();
      const cited = await page.locator(".ask-answer a.cite").first().getAttribute("data-seg");
      await page.locator(`#${cited}.cited.highlight`).waitFor();
      await page.locator(".ask-answer a.cite").last().click();
      const last = await page.locator(".ask-answer a.cite").last().getAttribute("data-seg");
      await page.locator(`#${last}.highlight`).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
