import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../../test/helpers/pipeline-harness";
import { bundleForBrowser } from "./browser-bundle";

const PROBE = path.join(ROOT, "functions", "ui", "client", "zz-bundle-probe.ts");
afterEach(() => rm(PROBE, { force: true }));

async function probe(source: string) {
  await writeFile(PROBE, source);
  return bundleForBrowser(PROBE);
}

describe("the web UI's browser bundle", () => {
  it("is one script made of the page's code, browser-safe core modules and valibot", async () => {
    const bundle = await bundleForBrowser(path.join(ROOT, "functions", "ui", "client", "main.ts"));
    expect(bundle.inputs).toContain("core/jobs/progress.ts");
    expect(bundle.inputs).toContain("core/jobs/events.ts");
    expect(bundle.inputs.some((i) => i.startsWith("node_modules/valibot/"))).toBe(true);
    expect(bundle.text).not.toMatch(/\bimport\s*[{*"'\w]|\bimport\(/);
  });

  it("refuses a core module that counts tokens with an npm package made for Node", async () => {
    await expect(
      probe('import { countTokens } from "../../../core/llm/tokens";\nconsole.log(countTokens("x"));\n'),
    ).rejects.toThrow(/pulls in .*node_modules\/gpt-tokenizer\//);
  });

  it("refuses a module that needs Node's own modules", async () => {
    await expect(
      probe(
        'import { createSecretBox } from "../../../core/security/secret-box";\nconsole.log(createSecretBox("x"));\n',
      ),
    ).rejects.toThrow(/Could not resolve "node:crypto"/);
  });
});
