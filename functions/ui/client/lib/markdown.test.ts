import { describe, expect, it } from "vitest";
import { escapeHtml, renderMarkdown } from "./markdown";

describe("renderMarkdown keeps model output inert", () => {
  it.each([
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "**<b onmouseover=alert(1)>bold</b>**",
    "`<svg onload=alert(1)>`",
    "| a | <iframe> |\n|---|---|\n| <img src=x> | b |",
    "- <style>body{display:none}</style>",
    "> <math><mi xlink:href=javascript:alert(1)>",
  ])("shows %j as text: no tag of its own reaches the HTML", (input) => {
    const html = renderMarkdown(input);
    expect(html).not.toMatch(/<(img|script|iframe|svg|style|math|mi|b)[\s>]/i);
    expect(html).not.toMatch(/href="javascript/i);
    expect(html).toContain("&lt;");
  });

  it("links only http(s) URLs and escapes quotes inside them", () => {
    expect(renderMarkdown("[x](javascript:alert(1))")).not.toContain("<a");
    const html = renderMarkdown('[docs](https://example.com/a?b=1&c="x")');
    expect(html).toContain('<a href="https://example.com/a?b=1&amp;c=&quot;x&quot;"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });
});

describe("renderMarkdown renders what analyzers write", () => {
  it("turns [seg-N] citations, also grouped, into segment links", () => {
    const html = renderMarkdown("Alice agreed [seg-12]. Bob objected [seg-3, seg-5].");
    expect(html.match(/class="cite"/g)).toHaveLength(3);
    expect(html).toContain('data-seg="seg-12"');
    expect(html).toContain('data-seg="seg-5"');
    expect(renderMarkdown("`[seg-1]` and [not a citation]")).not.toContain("cite");
  });

  it("shifts headings under the page's own", () => {
    expect(renderMarkdown("# Title\n## Part")).toBe("<h3>Title</h3>\n<h4>Part</h4>");
    expect(renderMarkdown("###### Deep")).toBe("<h6>Deep</h6>");
  });

  it("renders nested and ordered lists, tasks and emphasis", () => {
    const html = renderMarkdown("- one **bold**\n  - inner *em*\n- two\n\n3. third\n4. fourth\n- [ ] a task");
    expect(html).toContain(
      "<ul><li>one <strong>bold</strong><ul><li>inner <em>em</em></li></ul></li><li>two</li></ul>",
    );
    expect(html).toContain('<ol start="3"><li>third</li><li>fourth</li></ol>');
    expect(html).toContain('aria-label="open task"');
  });

  it("keeps code blocks verbatim and leaves snake_case alone", () => {
    const html = renderMarkdown("```js\nconst a = **b** < c;\n```\nuse snake_case_name here");
    expect(html).toContain('<pre><code data-lang="js">const a = **b** &lt; c;</code></pre>');
    expect(html).toContain("<p>use snake_case_name here</p>");
  });

  it("renders tables with alignment and quotes", () => {
    const html = renderMarkdown("| Factor | Weight |\n|:--|--:|\n| Cost | **high** |\n\n> said [seg-2]");
    expect(html).toContain('<th class="align-right">Weight</th>');
    expect(html).toContain('<td class="align-right"><strong>high</strong></td>');
    expect(html).toMatch(/<blockquote><p>said <span class="cites">\[<a class="cite"/);
  });

  it("joins a paragraph's lines and separates paragraphs", () => {
    expect(renderMarkdown("first line\nsecond line\n\nnext")).toBe(
      "<p>first line second line</p>\n<p>next</p>",
    );
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters that matter in text and attributes", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });
});
