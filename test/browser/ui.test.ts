import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TRANSCRIPT_EXTENSIONS } from "../../core/transcript/detect";
import { launchChromium } from "../helpers/chromium";
import { seedPgliteDir } from "../helpers/databases";
import { type HostProcess, PINNED_HOST_ENV, startHost } from "../helpers/host-process";
import { BUDGET_MEETING, LAUNCH_MEETING } from "../helpers/meetings";
import { FIXTURES, ROOT } from "../helpers/pipeline-harness";
import { byAnalyzer, defaultResponder, type LlmDouble, startLlmDouble } from "../llm-double";
import { synthesisResponder } from "../llm-double/synthesis";

/**
 * The web UI in a real browser: Debian's Chromium driven by playwright-core against the embedded
 * host built from the bundles, with the LLM test double as the model service.
 */
const SCREENSHOTS = path.join(ROOT, "test", "browser", "__screenshots__");
const TEST_MS = 60_000;
const WAIT_MS = 30_000;

const TRANSCRIPT = `Title: Launch readiness review
Date: 2025-10-01

Alice: Thanks for joining. The goal today is to confirm the launch date for the mobile app.
Bob: The backend is ready, but I'm worried the payment provider migration might not finish in time.
Carol: What does the migration still need?
Bob: Two more integration tests and a security review.
Alice: We decided to ship on October 14 if the review passes.
Carol: I'll send the updated release notes by Friday.
Bob: There is a risk that the app store review takes longer than a week.
Alice: Can you, Bob, prepare a fallback plan for the payment flow?
Bob: Yes, I will prepare it by next Tuesday.
Carol: Let's meet again on Monday to check progress.
`;

let double: LlmDouble;
let browser: Browser;
let dir: string;
const hosts: HostProcess[] = [];

beforeAll(async () => {
  double = await startLlmDouble({ delayMs: 150 });
  dir = await mkdtemp(path.join(os.tmpdir(), "ui-"));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(hosts.map((h) => h.stop()));
  await double?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function startUiHost(env: Record<string, string> = {}): Promise<HostProcess> {
  const n = hosts.length;
  // A made database, as the host's first start would make it, only faster.
  await seedPgliteDir(path.join(dir, `data-${n}`, "db"));
  const host = await startHost("http", {
    ...PINNED_HOST_ENV,
    OUTPUT_DIR: path.join(dir, `out-${n}`),
    DATA_DIR: path.join(dir, `data-${n}`),
    OPENAI_BASE_URL: double.baseURL,
    SESSION_SECRET: "browser-test-session-secret-0123",
    ...env,
  });
  hosts.push(host);
  return host;
}

let sharedHost: Promise<HostProcess> | undefined;
const openHost = () => {
  sharedHost ??= startUiHost();
  return sharedHost;
};

interface Session {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions, except the HTTP errors a test said to expect. */
  errors: string[];
  dialogs: string[];
}

const contexts: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  double.reset();
});

/** `expected`: console errors a test provokes on purpose (an HTTP error the page handles). */
async function open(
  host: HostProcess,
  expected: RegExp[] = [],
  { acceptDialogs = false } = {},
): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (expected.some((pattern) => pattern.test(message.text()))) return;
    errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void (acceptDialogs ? dialog.accept() : dialog.dismiss());
  });
  await page.goto(host.url);
  return { page, context, errors, dialogs };
}

/** Leaves exactly the given analyzers checked. */
async function chooseAnalyzers(page: Page, ids: string[]) {
  await page.locator("#analyzer-stages input[type=checkbox]").first().waitFor();
  for (const stage of ["Stage A", "Stage B", "Final documents"]) {
    await page.getByRole("button", { name: `Select none of ${stage}` }).click();
  }
  for (const id of ids) await page.locator(`#analyzer-stages input[value="${id}"]`).check();
}

async function startPasted(page: Page, ids: string[], text = TRANSCRIPT) {
  await chooseAnalyzers(page, ids);
  await page.getByLabel("Transcript text").fill(text);
  await page.getByRole("button", { name: "Start analysis" }).click();
  await page.waitForURL(/#\/jobs\/\d{8}-\d{6}-[0-9a-f]{24}$/);
}

const waitForResults = (page: Page) =>
  page.locator("#results .results-layout").waitFor({ state: "visible", timeout: WAIT_MS });

describe("the web UI in a browser", () => {
  it(
    "runs a pasted transcript through three analyzers with live progress, then shows outputs, insights and cited segments",
    async () => {
      // The final document takes longer, so the page is seen mid-run with Stage A done.
      double.setResponder(
        byAnalyzer({
          "meeting-notes": async (req, i) => {
            const reply = await defaultResponder(req, i);
            return "text" in reply ? { ...reply, delayMs: 2500 } : reply;
          },
        }),
      );
      const { page, errors, dialogs } = await open(await openHost());
      await startPasted(page, ["say-means", "competing-hypotheses", "meeting-notes"]);

      const row = (key: string) => page.locator(`#progress tr[data-key="${key}"]`);
      await expect.poll(() => row("A.say-means").count(), { timeout: WAIT_MS }).toBe(1);
      await row("A.say-means").locator(".status", { hasText: "Done" }).waitFor();
      await row("final.meeting-notes").locator(".status", { hasText: "Running" }).waitFor();
      expect(await page.locator("#job-status").textContent()).toBe("Running");
      expect(await row("A.say-means").locator("td.num").last().textContent()).toMatch(/^\$|unpriced/);
      // Three analyzers, the insights and their review beside the last stage, each a row.
      expect(await page.locator(".progress-summary").textContent()).toMatch(/of 5 steps done .* tokens/);
      expect(await row("insights.review").count()).toBe(1);

      await waitForResults(page);
      expect(await page.locator("#job-status").textContent()).toBe("Completed");
      expect(await row("final.meeting-notes").getAttribute("data-status")).toBe("completed");
      expect(await row("insights.review").getAttribute("data-status")).toBe("completed");

      // The first completed output is shown, its Markdown rendered.
      const output = page.locator(".analysis .md");
      await output.waitFor();
      expect(await output.locator("li").count()).toBeGreaterThan(0);
      expect(await output.textContent()).toContain("Answer from the LLM test double");
      const names = await page.locator(".output-link").allTextContents();
      expect(names.join(" | ")).toMatch(/Meeting Notes.*Competing Hypotheses.*Say/i);

      // A citation scrolls the transcript to its segment and highlights it.
      const cite = output.locator("a.cite").first();
      const segId = await cite.getAttribute("data-seg");
      expect(segId).toMatch(/^seg-\d+$/);
      await cite.click();
      const segment = page.locator(`.transcript-panel #${segId}`);
      await expect.poll(() => segment.getAttribute("class")).toContain("highlight");
      expect(await segment.evaluate((el) => el === document.activeElement)).toBe(true);
      await expect.poll(() => segment.isVisible()).toBe(true);

      // Insights: rows with evidence links, filterable by type.
      await page.getByRole("tab", { name: /Insights/ }).click();
      const rows = page.locator(".insights-table tbody tr");
      await rows.first().waitFor();
      const all = await rows.count();
      expect(all).toBeGreaterThan(0);
      expect(await rows.first().locator("a.cite").count()).toBeGreaterThan(0);
      const types = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.type));
      const type = types[0]!;
      await page.locator(`.filters button[data-type="${type}"]`).click();
      const filtered = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.type));
      expect(filtered.every((t) => t === type)).toBe(true);
      expect(filtered.length).toBe(types.filter((t) => t === type).length);

      // The computed analyses: a talk-share bar per speaker.
      await page.getByRole("tab", { name: "Computed" }).click();
      expect(await page.locator(".share-list li").count()).toBe(3);
      expect(await page.locator(".share-list").textContent()).toMatch(/Alice.*%/);

      expect(await page.locator('.exports a[href$="format=zip"]').count()).toBe(1);
      await page.getByRole("tab", { name: /Analyses/ }).click();
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, "results.png"), fullPage: false });
      expect(errors).toEqual([]);
      expect(dialogs).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "shows what an uploaded WebVTT file holds: 287 segments, 4 speakers",
    async () => {
      const { page, errors } = await open(await openHost());
      await page.getByLabel("Upload a file").check();
      // The file picker offers the formats the server reads, and the hint gives this server's limit.
      expect(await page.locator("#file-input").getAttribute("accept")).toBe(
        TRANSCRIPT_EXTENSIONS.map((e) => `.${e}`).join(","),
      );
      expect(await page.locator("#file-hint").textContent()).toMatch(/up to 10 MB\.$/);
      await page.locator("#file-input").setInputFiles(path.join(FIXTURES, "ES2002a.vtt"));
      const card = page.locator(".file-card");
      await card.waitFor();
      expect(await card.locator(".file-summary").textContent()).toBe("WebVTT · 287 segments, 4 speakers");
      expect(await card.locator(".chip").allTextContents()).toHaveLength(4);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "names an uploaded file's speakers before the analysis starts, and the results use the names",
    async () => {
      const { page, errors } = await open(await openHost());
      await chooseAnalyzers(page, ["say-means"]);
      await page.getByLabel("Upload a file").check();
      await page.locator("#file-input").setInputFiles(path.join(FIXTURES, "ES2002a.vtt"));
      const card = page.locator(".file-card");
      await card.waitFor();
      await card.getByText("Name the speakers").click();
      const field = card.locator("input[data-speaker]").first();
      const detected = (await field.getAttribute("data-speaker"))!;
      await field.fill("Alice Moreau");
      await page.getByRole("button", { name: "Start analysis" }).click();
      await page.waitForURL(/#\/jobs\/\d{8}-\d{6}-[0-9a-f]{24}$/);
      await waitForResults(page);
      const speakers = await page.locator(".transcript-panel .seg-speaker").allTextContents();
      expect(speakers).toContain("Alice Moreau");
      expect(speakers).not.toContain(detected);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "names a pasted transcript's speakers in its quick look before the analysis starts",
    async () => {
      const { page, errors } = await open(await openHost());
      await chooseAnalyzers(page, ["say-means"]);
      await page.getByLabel("Transcript text").fill(TRANSCRIPT);
      await page.locator("#quick-button").click();
      const look = page.locator("#quick-look");
      await look.getByText("Name the speakers").click();
      await look.locator('input[data-speaker="Bob"]').fill("Robert Lee");
      await page.getByRole("button", { name: "Start analysis" }).click();
      await page.waitForURL(/#\/jobs\/\d{8}-\d{6}-[0-9a-f]{24}$/);
      await waitForResults(page);
      const speakers = await page.locator(".transcript-panel .seg-speaker").allTextContents();
      expect(speakers).toContain("Robert Lee");
      expect(speakers).not.toContain("Bob");
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "refuses a file over this server's upload limit before sending it",
    async () => {
      const host = await startUiHost({ MAX_UPLOAD_BYTES: String(32 * 1024) });
      const { page, context, errors } = await open(host);
      let uploads = 0;
      await context.route(/\/api\/uploads$/, (route) => {
        uploads++;
        return route.continue();
      });
      await page.getByLabel("Upload a file").check();
      expect(await page.locator("#file-hint").textContent()).toMatch(/up to 32 KB\.$/);
      await page.locator("#file-input").setInputFiles(path.join(FIXTURES, "Bed004.vtt"));
      const alert = page.locator("#file-result [role=alert]");
      await alert.waitFor();
      expect(await alert.textContent()).toBe("Bed004.vtt is 60 KB; the limit is 32 KB.");
      expect(uploads).toBe(0);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "says in words why a malformed upload cannot be read",
    async () => {
      const { page, errors } = await open(await openHost(), [/status of 400/]);
      await page.getByLabel("Upload a file").check();
      await page.locator("#file-input").setInputFiles({
        name: "broken.vtt",
        mimeType: "text/vtt",
        buffer: Buffer.from("00:00:01.000 --> 00:00:02.000\nno header here\n"),
      });
      const alert = page.locator("#file-result [role=alert]");
      await alert.waitFor();
      const text = (await alert.textContent()) ?? "";
      expect(text).toMatch(/^broken\.vtt could not be read\. /);
      expect(text).toContain("WEBVTT");
      expect(text).not.toMatch(/[{}]|malformed_vtt/);
      // Starting without a readable file is refused in words too.
      await page.getByRole("button", { name: "Start analysis" }).click();
      expect(await page.locator("#start-error").textContent()).toBe("Upload a transcript file first.");
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "follows the job by polling its status when the event stream fails",
    async () => {
      const { page, context, errors } = await open(await openHost(), [/status of 503/, /EventSource/]);
      let refused = 0;
      await context.route(/\/api\/jobs\/[^/]+\/events/, (route) => {
        refused++;
        return route.fulfill({ status: 503, contentType: "application/json", body: '{"ok":false}' });
      });
      await startPasted(page, ["say-means", "meeting-notes"]);
      await page.locator(".progress-note", { hasText: "checking every 2 seconds" }).waitFor();
      await waitForResults(page);
      expect(refused).toBeGreaterThan(0);
      expect(await page.locator("#job-status").textContent()).toBe("Completed");
      expect(
        await page.locator('#progress tr[data-key="final.meeting-notes"]').getAttribute("data-status"),
      ).toBe("completed");
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "cancels a running job from its page",
    async () => {
      double.setResponder(() => ({ text: "## Slow\n\nStill thinking.", delayMs: 8000 }));
      const { page, errors } = await open(await openHost());
      await startPasted(page, ["say-means", "power-dynamics", "meeting-notes"]);
      await page.locator('#progress tr[data-key="A.say-means"][data-status="running"]').waitFor();
      await page.getByRole("button", { name: "Cancel" }).click();
      await waitForResults(page);
      expect(await page.locator("#job-status").textContent()).toBe("Cancelled");
      expect(await page.getByRole("button", { name: "Cancel" }).isHidden()).toBe(true);
      const statuses = await page.locator("#progress tr[data-key] .status").allTextContents();
      expect(statuses).not.toContain("Running");
      expect(statuses).toContain("Cancelled");
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "shows a model's HTML as text: no element is made and no script runs",
    async () => {
      const hostile =
        "## Findings\n\n<img src=x onerror=alert(1)>\n\n- <script>window.__xss = 1</script> [seg-2]\n";
      double.setResponder(byAnalyzer({ "say-means": { text: hostile } }));
      const { page, errors, dialogs } = await open(await openHost());
      await startPasted(page, ["say-means"]);
      await waitForResults(page);
      const output = page.locator(".analysis .md");
      await output.waitFor();
      expect(await output.textContent()).toContain("<img src=x onerror=alert(1)>");
      expect(await output.locator("img, script").count()).toBe(0);
      expect(await page.locator("img").count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(await output.locator("h4").textContent()).toBe("Findings");
      expect(await output.locator('a.cite[data-seg="seg-2"]').count()).toBe(1);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "says plainly when only computed analyses can run, runs them, and keeps the job in the history",
    async () => {
      const host = await startUiHost({ OPENAI_BASE_URL: "" });
      const { page, errors } = await open(host);
      const notice = page.locator("#llm-notice");
      await notice.waitFor({ state: "visible" });
      expect(await notice.textContent()).toContain("Only the computed analyses will run.");
      expect(await page.locator("#llm-status").textContent()).toBe("Computed analyses only");

      await page.locator("#analyzer-stages input[type=checkbox]").first().waitFor();
      await page.getByLabel("Transcript text").fill(TRANSCRIPT);
      // A quick look needs no model and no job.
      await page.getByRole("button", { name: "Quick look" }).click();
      const quick = page.locator("#quick-look");
      await quick.waitFor({ state: "visible" });
      expect(await quick.locator("#quick-meta").textContent()).toBe("Plain text · 10 segments, 3 speakers");
      expect(await quick.locator(".share-list li").count()).toBe(3);
      await page.getByRole("button", { name: "Start analysis" }).click();
      await waitForResults(page);
      // Nothing for the analyzers to show: the page opens on the insights the rules found.
      expect(await page.getByRole("tab", { name: /Insights/ }).getAttribute("aria-selected")).toBe("true");
      const rows = page.locator(".insights-table tbody tr");
      expect(await rows.count()).toBeGreaterThan(0);
      expect(await page.locator(".insights-table").textContent()).toMatch(/release notes/);
      expect(await page.locator('#progress tr[data-key="A.say-means"] .status').textContent()).toBe(
        "Skipped",
      );

      await page.getByRole("link", { name: "History" }).click();
      const link = page.locator(".history-table a", { hasText: "Launch readiness review" });
      await link.waitFor();
      await link.click();
      await waitForResults(page);
      expect(await page.locator("#job-title").textContent()).toBe("Launch readiness review");
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "keeps the user's own OpenAI key without ever showing more than its last four characters",
    async () => {
      const { page, errors } = await open(await openHost());
      await page.getByRole("button", { name: "Your OpenAI key" }).click();
      const dialog = page.getByRole("dialog", { name: "Your OpenAI key" });
      await dialog.waitFor();
      expect(await dialog.locator("#key-state").textContent()).toBe("No key is set for this session.");
      await dialog.getByLabel("New key").fill("sk-browser-test-key-9876");
      await dialog.getByRole("button", { name: "Check and save" }).click();
      await expect.poll(() => dialog.locator("#key-state").textContent()).toContain("…9876");
      expect(await dialog.getByLabel("New key").inputValue()).toBe("");
      expect(await page.locator("#llm-status").textContent()).toContain("Your key …9876");
      expect(await page.content()).not.toContain("sk-browser-test-key");

      await dialog.getByRole("button", { name: "Remove key" }).click();
      await expect
        .poll(() => dialog.locator("#key-state").textContent())
        .toBe("No key is set for this session.");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      // The server's model again (the LLM double is on loopback, so a local server).
      expect(await page.locator("#llm-status").textContent()).toBe("Model: gpt-5-nano · local server");
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "asks for a token when the server requires one, and works once signed in",
    async () => {
      const host = await startUiHost({ API_TOKENS: "ui-test-token-0123456789" });
      const { page, errors } = await open(host, [/status of 401/]);
      const token = page.getByLabel("API token");
      await token.waitFor();
      expect(await page.locator("#view-new").isHidden()).toBe(true);
      expect(await page.locator(".mainnav").isHidden()).toBe(true);

      await token.fill("not-the-token");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => page.locator("#signin-error").textContent()).toMatch(/token/i);
      expect(await page.locator("#view-new").isHidden()).toBe(true);

      await token.fill("ui-test-token-0123456789");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.locator("#view-new").waitFor({ state: "visible" });
      await startPasted(page, ["say-means"]);
      await waitForResults(page);
      expect(await page.locator(".analysis .md").textContent()).toContain("Answer from the LLM test double");
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "synthesizes two meetings chosen in the history: themes with their cited meetings, the shared keywords, Markdown and JSON downloads",
    async () => {
      const host = await startUiHost();
      double.setResponder(synthesisResponder);
      for (const text of [BUDGET_MEETING, LAUNCH_MEETING]) {
        const res = await fetch(`${host.url}/api/analyze`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            transcriptText: text,
            selected: { stageA: ["say-means"], stageB: [], final: [] },
          }),
        });
        expect(res.status).toBe(202);
      }
      const { page, errors } = await open(host);
      await page.goto(`${host.url}/#/history`);
      const picks = page.locator("#history-body input.pick");
      await expect.poll(() => picks.count(), { timeout: WAIT_MS }).toBe(2);
      await picks.nth(0).check();
      await picks.nth(1).check();
      await page.locator("#synthesize-button").click();
      const card = page.locator("#synthesis-body .synthesis");
      await card.waitFor();
      expect(await card.locator("h3", { hasText: "The kinetic battery" }).count()).toBe(1);
      const text = (await card.textContent()) ?? "";
      expect(text).toMatch(/Budget review: seg-2/);
      expect(text).toMatch(/unverified/);
      expect(text).toMatch(/Shared keywords \(computed\)/);
      // Both exports are offered, and are the synthesis itself.
      const saved = async (name: string) => {
        const [file] = await Promise.all([
          page.waitForEvent("download"),
          page.locator(`#synthesis-body a[download="${name}"]`).click(),
        ]);
        expect(file.suggestedFilename()).toBe(name);
        return readFile((await file.path())!, "utf8");
      };
      expect(await saved("synthesis.md")).toContain("## The kinetic battery");
      expect(JSON.parse(await saved("synthesis.json"))).toMatchObject({ mode: "model" });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "filters the history, deletes a job for good after asking, and retries a job an interruption left",
    async () => {
      const data = path.join(dir, "data-interrupted");
      await seedPgliteDir(path.join(data, "db"));
      const env = {
        ...PINNED_HOST_ENV,
        OUTPUT_DIR: path.join(dir, "out-interrupted"),
        DATA_DIR: data,
        OPENAI_BASE_URL: double.baseURL,
        SESSION_SECRET: "browser-test-session-secret-0123",
      };
      const first = await startHost("http", env);
      hosts.push(first);
      const submit = async (host: HostProcess, title: string) => {
        const res = await fetch(`${host.url}/api/analyze`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            transcriptText: TRANSCRIPT.replace("Launch readiness review", title),
            selected: { stageA: ["say-means", "soul"], stageB: [], final: [] },
          }),
        });
        expect(res.status).toBe(202);
        return ((await res.json()) as { jobId: string }).jobId;
      };
      const statusOf = async (host: HostProcess, jobId: string) =>
        (await (await fetch(`${host.url}/api/status/${jobId}`)).json()) as {
          status: string;
          stages: { A: { analyzers: Record<string, { status: string }> } };
        };
      const until = async (check: () => Promise<boolean>) => {
        await expect.poll(check, { timeout: WAIT_MS, interval: 100 }).toBe(true);
      };
      const kept = await submit(first, "Pricing sync");
      const doomed = await submit(first, "Hiring plan");
      for (const id of [kept, doomed])
        await until(async () => (await statusOf(first, id)).status === "completed");

      // The third job: say-means answers, soul never does; the host dies while soul runs.
      let soulStarted = false;
      double.setResponder((req, i) => {
        if (req.analyzer !== "soul") return defaultResponder(req, i);
        soulStarted = true;
        return new Promise(() => {});
      });
      const cut = await submit(first, "Roadmap review");
      await until(
        async () =>
          soulStarted && (await statusOf(first, cut)).stages.A.analyzers["say-means"]!.status === "completed",
      );
      await first.kill();
      double.setResponder(defaultResponder);
      const second = await startHost("http", env);
      hosts.push(second);

      const { page, errors, dialogs } = await open(second, [], { acceptDialogs: true });
      await page.getByRole("link", { name: "History" }).click();
      const rows = page.locator(".history-table tbody tr");
      await expect.poll(() => rows.count()).toBe(3);
      await page.getByLabel("Filter by status").selectOption("interrupted");
      await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining("Roadmap review")]);
      await page.getByLabel("Filter by status").selectOption("");
      await page.getByLabel("Title contains").fill("hiring");
      await page.getByRole("button", { name: "Filter" }).click();
      await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining("Hiring plan")]);

      await page.getByRole("button", { name: "Delete Hiring plan" }).click();
      await page.locator(".empty", { hasText: "No analysis matches" }).waitFor();
      expect(dialogs).toEqual([expect.stringContaining("Delete “Hiring plan” for good?")]);
      expect((await fetch(`${second.url}/api/status/${doomed}`)).status).toBe(404);
      await page.getByLabel("Title contains").fill("");
      await page.getByRole("button", { name: "Filter" }).click();
      await expect.poll(() => rows.count()).toBe(2);

      await page.locator(".history-table a", { hasText: "Roadmap review" }).click();
      await expect.poll(() => page.locator("#job-status").textContent()).toBe("Interrupted");
      expect(await page.locator("#progress").textContent()).toContain("interrupted when the server stopped");
      expect(await page.getByRole("button", { name: "Cancel" }).isHidden()).toBe(true);
      const soulCalls = double.requests.filter((r) => r.analyzer === "say-means").length;
      await page.getByRole("button", { name: "Retry" }).click();
      await waitForResults(page);
      expect(await page.locator("#job-status").textContent()).toBe("Completed");
      // say-means had finished before the host died: the retry did not pay for it again.
      expect(double.requests.filter((r) => r.analyzer === "say-means").length).toBe(soulCalls);
      expect(await page.getByRole("button", { name: "Retry" }).isHidden()).toBe(true);
      expect(errors).toEqual([]);
    },
    2 * TEST_MS,
  );

  it(
    "says a job the server no longer knows (deleted while it ran) is gone, offers the history, and stops asking",
    async () => {
      double.setResponder(() => ({ text: "## Slow\n\nStill thinking.", delayMs: 8000 }));
      const { page, context, errors } = await open(await openHost(), [/status of 404/, /EventSource/]);
      await startPasted(page, ["say-means"]);
      await page.locator('#progress tr[data-key="A.say-means"][data-status="running"]').waitFor();
      // The job is deleted meanwhile: from now on the server answers 404 for it.
      let asked = 0;
      const gone = (route: import("playwright-core").Route) => {
        asked++;
        return route.fulfill({
          status: 404,
          contentType: "application/json",
          body: JSON.stringify({ ok: false, error: { code: "job_not_found", message: "No such job." } }),
        });
      };
      await context.route(/\/api\/status\//, gone);
      await context.route(/\/api\/jobs\/[^/]+\/events/, gone);
      // Opened again (a bookmark, a reload): the server no longer knows the job.
      await page.reload();
      const notice = page.locator(".job-gone");
      await notice.waitFor();
      expect(await notice.textContent()).toContain("This job is gone");
      expect(await page.locator("#job-status").textContent()).toBe("Not found");
      expect(await page.getByRole("button", { name: "Cancel" }).isHidden()).toBe(true);
      const asks = asked;
      await page.waitForTimeout(4500);
      expect(asked).toBe(asks);
      await notice.getByRole("link", { name: "Open the history" }).click();
      await page.locator("#view-history").waitFor({ state: "visible" });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "stops polling a running job once its status answers 404, and says it is gone",
    async () => {
      double.setResponder(() => ({ text: "## Slow\n\nStill thinking.", delayMs: 8000 }));
      const { page, context, errors } = await open(await openHost(), [
        /status of 404/,
        /status of 503/,
        /EventSource/,
      ]);
      // No live stream here, so the page polls the status.
      await context.route(/\/api\/jobs\/[^/]+\/events/, (route) =>
        route.fulfill({ status: 503, contentType: "application/json", body: '{"ok":false}' }),
      );
      await startPasted(page, ["say-means"]);
      await page.locator(".progress-note", { hasText: "checking every 2 seconds" }).waitFor();
      let polls = 0;
      await context.route(/\/api\/status\//, (route) => {
        polls++;
        return route.fulfill({
          status: 404,
          contentType: "application/json",
          body: JSON.stringify({ ok: false, error: { code: "job_not_found", message: "No such job." } }),
        });
      });
      const notice = page.locator(".job-gone");
      await notice.waitFor();
      expect(await notice.textContent()).toContain("This job is gone");
      expect(await notice.getByRole("link", { name: "Open the history" }).getAttribute("href")).toBe(
        "#/history",
      );
      const seen = polls;
      await page.waitForTimeout(4500);
      expect(polls).toBe(seen);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "lets the owner make a read-only link that opens the job in another browser, and revoke it",
    async () => {
      // Each browser session its own: without the link, the reader could not see the job.
      const host = await startUiHost({ OPEN_MODE_SHARED_HISTORY: "false" });
      const owner = await open(host);
      await startPasted(owner.page, ["say-means"]);
      await waitForResults(owner.page);
      await owner.page.locator("#share-panel summary").click();
      await owner.page.getByRole("button", { name: "Make a read-only link" }).click();
      const url = await owner.page.locator("#share-url").inputValue();
      expect(url).toMatch(/\/\?share=[A-Za-z0-9_-]{43}#\/jobs\/\d{8}-\d{6}-[0-9a-f]{24}$/);
      await expect.poll(() => owner.page.locator(".share-item").count()).toBe(1);

      // Another browser, another session: the link alone opens the job, read-only.
      const reader = await open(host, [/status of 404/]);
      await reader.page.goto(url);
      await waitForResults(reader.page);
      expect(await reader.page.locator(".analysis .md").textContent()).toContain(
        "Answer from the LLM test double",
      );
      expect(await reader.page.locator("#share-panel").count()).toBe(0);
      expect(await reader.page.getByRole("button", { name: "Cancel" }).isHidden()).toBe(true);
      // Without the link the same job is not this browser's.
      await reader.page.goto(url.replace(/\?share=[^#]+/, ""));
      await reader.page.locator(".job-gone").waitFor();

      await owner.page.locator(".share-item").getByRole("button", { name: "Revoke" }).click();
      await expect.poll(() => owner.page.locator(".share-item").count()).toBe(0);
      await reader.page.goto(url);
      await reader.page.reload();
      await reader.page.locator(".job-gone").waitFor();
      expect(owner.errors).toEqual([]);
      expect(reader.errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "fits 390 px: the Computed tab, the insights and the history's status stay on the screen",
    async () => {
      const host = await openHost();
      const { page, context, errors } = await open(host);
      await startPasted(page, ["say-means"]);
      await waitForResults(page);
      const jobUrl = page.url();
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
      contexts.push(phone);
      await phone.addCookies(await context.cookies());
      const p = await phone.newPage();
      p.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
      const overflow = () => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await p.goto(jobUrl);
      await waitForResults(p);
      await p.getByRole("tab", { name: "Computed" }).click();
      await p.locator(".computed-grid").waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      const card = await p.locator(".computed-card").first().boundingBox();
      expect(card!.x + card!.width).toBeLessThanOrEqual(390);
      await p.getByRole("tab", { name: /Insights/ }).click();
      await p.locator(".insights-table tbody tr").first().waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await p.goto(`${host.url}/#/history`);
      const pill = p.locator(".history-table .pill").first();
      await pill.waitFor();
      const box = await pill.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      const wrap = await p
        .locator(".history-table")
        .evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth);
      expect(wrap).toBeLessThanOrEqual(0);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await p.screenshot({ path: path.join(SCREENSHOTS, "history-390.png") });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "draws a few hundred segments of a 200,000-cue transcript, and more on request",
    async () => {
      const { page, context, errors } = await open(await openHost());
      await startPasted(page, ["say-means"]);
      await waitForResults(page);
      // The same job's results as the server would page a 200,000-segment transcript: 5,000 a page.
      const jobId = page.url().split("/").at(-1)!;
      const real = await (
        await page.request.get(`${new URL(page.url()).origin}/api/results/${jobId}`)
      ).json();
      const pageOf = (offset: number) =>
        Array.from({ length: 5000 }, (_, i) => ({
          id: `seg-${offset + i + 1}`,
          index: offset + i,
          speaker: ["Alice", "Bob", "Carol"][(offset + i) % 3],
          start: offset + i,
          text: `Cue number ${offset + i + 1} of the long transcript.`,
        }));
      await context.route(/\/api\/results\//, (route) => {
        const offset = Number(new URL(route.request().url()).searchParams.get("segmentOffset") ?? 0);
        return route.fulfill({
          status: 200,
          contentType: "application/json",
          body: JSON.stringify({
            ...real,
            transcript: {
              ...real.transcript,
              segments: pageOf(offset),
              segmentsPage: { offset, limit: 5000, total: 200_000, nextOffset: offset + 5000 },
            },
          }),
        });
      });
      await page.reload();
      await waitForResults(page);
      const items = page.locator(".transcript-panel li.seg");
      expect(await items.count()).toBe(300);
      expect(await page.locator(".transcript-panel .hint").first().textContent()).toMatch(/200,000 segments/);
      expect(await page.evaluate(() => document.getElementsByTagName("*").length)).toBeLessThan(10_000);
      await page.locator(".transcript-panel .show-more").click();
      await expect.poll(() => items.count()).toBe(600);
      // A citation of a segment past what is loaded fetches the pages up to it.
      await page.evaluate(() => {
        const a = document.createElement("a");
        a.className = "cite";
        a.dataset.seg = "seg-7001";
        a.href = "#seg-7001";
        a.textContent = "[seg-7001]";
        document.querySelector("#results .results-main")!.append(a);
        a.click();
      });
      await expect
        .poll(() => page.locator(".transcript-panel #seg-7001").getAttribute("class"))
        .toContain("highlight");
      expect(await page.evaluate(() => document.getElementsByTagName("*").length)).toBeLessThan(100_000);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "sends the chosen output language and redaction with the job, and says which server answers",
    async () => {
      const host = await startUiHost({ REDACT_DEFAULT: "true" });
      const { page, errors } = await open(host);
      // The top bar names the model and, from the health report, the server and what it supports.
      const status = page.locator("#llm-status");
      await expect
        .poll(() => status.getAttribute("title"))
        .toMatch(/^gpt-5-nano at http:\/\/127\.0\.0\.1:\d+.* · context [\d,]+ tokens \(/);
      expect(await status.textContent()).toBe("Model: gpt-5-nano · local server");

      await page.locator("#options > summary").click();
      const redact = page.locator("#opt-redact");
      // The choice starts at the deployment's REDACT_DEFAULT.
      expect(await redact.inputValue()).toBe("on");
      await page.getByLabel("Write in").selectOption("de");
      await redact.selectOption("names");
      const sent = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/api/analyze"));
      await startPasted(page, ["say-means"]);
      const body = (await sent).postDataJSON() as { options: Record<string, unknown> };
      expect(body.options).toMatchObject({ language: "de", redact: "names" });
      await waitForResults(page);

      const jobId = page.url().split("/").pop()!;
      const doc = (await (await fetch(`${host.url}/api/status/${jobId}`)).json()) as { language?: string };
      expect(doc.language).toBe("de");
      // Every call was told to write German, and no call carried a speaker's name.
      const toModel = double.requests.map((r) => JSON.stringify(r.body));
      expect(toModel.length).toBeGreaterThan(0);
      for (const b of toModel) {
        expect(b).toContain("Write everything you produce in German");
        for (const name of ["Alice", "Bob", "Carol"]) expect(b).not.toContain(name);
      }
      // The results are headed in the job's language.
      expect(await page.locator(".output-group h3").first().textContent()).toBe("Stufe A");
      // The page shows the real names, never a placeholder.
      await page.getByRole("tab", { name: /Insights/ }).click();
      expect(await page.locator('.filters button[data-type="action"]').textContent()).toMatch(
        /^Aufgaben \d+$/,
      );
      const insights = page.locator(".insights-table");
      await insights.waitFor();
      expect(await page.locator("main").textContent()).not.toMatch(/\[PERSON_\d+\]/);
      expect(await insights.textContent()).toMatch(/Alice|Bob|Carol/);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
