/**
 * A small Markdown renderer for model output. It escapes the whole text first and only then adds
 * the markup it knows (headings, lists, emphasis, code, tables, quotes, links to http(s) only), so
 * nothing a model writes can become an element, an attribute or a script.
 *
 * Longer than a screen: it is one parser, block rules and inline rules, kept together so its
 * safety argument (escape first, then add known markup) can be read in one place.
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export const escapeHtml = (text: unknown) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)[^`]*$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}&gt;\s?(.*)$/;
const LIST = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const TABLE_DIVIDER = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const BLANK = /^\s*$/;

/**
 * Markdown → an HTML string safe to assign to innerHTML. `headingOffset` shifts heading levels
 * (a model's `#` sits under the page's own headings). `[seg-12]` citations become links with
 * `data-seg`, which the page turns into a jump to that segment.
 */
export function renderMarkdown(
  source: unknown,
  { headingOffset = 2 }: { headingOffset?: number } = {},
): string {
  // NUL marks placeholders below; it has no business in model text.
  const text = String(source ?? "")
    .replace(/\0/g, "")
    .replace(/\r\n?/g, "\n");
  return blocks(escapeHtml(text).split("\n"), headingOffset);
}

function blocks(lines: string[], offset: number): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (BLANK.test(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const close = new RegExp(`^\\s{0,3}${marker[0]}{${marker.length},}\\s*$`);
      const body: string[] = [];
      i++;
      while (i < lines.length && !close.test(lines[i]!)) body.push(lines[i++]!);
      i++;
      const lang = fence[2] ? ` data-lang="${fence[2]}"` : "";
      out.push(`<pre><code${lang}>${body.join("\n")}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1]!.length + offset);
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push("<hr>");
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) inner.push(QUOTE.exec(lines[i++]!)![1]!);
      out.push(`<blockquote>${blocks(inner, offset)}</blockquote>`);
      continue;
    }
    if (LIST.test(line)) {
      const list = parseList(lines, i);
      out.push(list.html);
      i = list.next;
      continue;
    }
    if (line.includes("|") && i + 1 < lines.length && TABLE_DIVIDER.test(lines[i + 1]!)) {
      const table = parseTable(lines, i);
      out.push(table.html);
      i = table.next;
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !BLANK.test(lines[i]!) && !startsBlock(lines, i))
      para.push(lines[i++]!.trim());
    if (para.length === 0) para.push(lines[i++]!.trim());
    out.push(`<p>${inline(para.join("\n")).replace(/\n/g, " ")}</p>`);
  }
  return out.join("\n");
}

function startsBlock(lines: string[], i: number): boolean {
  const line = lines[i]!;
  return (
    FENCE.test(line) ||
    HEADING.test(line) ||
    RULE.test(line) ||
    QUOTE.test(line) ||
    LIST.test(line) ||
    (line.includes("|") && i + 1 < lines.length && TABLE_DIVIDER.test(lines[i + 1]!))
  );
}

const isOrdered = (marker: string) => /\d/.test(marker);

interface Block {
  html: string;
  next: number;
}

function parseList(lines: string[], start: number): Block {
  const first = LIST.exec(lines[start]!)!;
  const indent = first[1]!.length;
  const ordered = isOrdered(first[2]!);
  const items: Array<{ text: string[]; children: string[] }> = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    const m = LIST.exec(line);
    if (m && m[1]!.length === indent && isOrdered(m[2]!) === ordered) {
      items.push({ text: [m[3]!], children: [] });
      i++;
    } else if (m && m[1]!.length > indent && items.length > 0) {
      const sub = parseList(lines, i);
      items.at(-1)!.children.push(sub.html);
      i = sub.next;
    } else if (!m && items.length > 0 && /^\s+\S/.test(line) && !BLANK.test(line)) {
      items.at(-1)!.text.push(line.trim());
      i++;
    } else if (BLANK.test(line) && i + 1 < lines.length) {
      // A blank line inside a list: the list goes on if the next line is one of its items or deeper.
      const next = LIST.exec(lines[i + 1]!);
      if (next && next[1]!.length >= indent && (next[1]!.length > indent || isOrdered(next[2]!) === ordered))
        i++;
      else break;
    } else {
      break;
    }
  }
  const tag = ordered ? "ol" : "ul";
  const number = ordered ? Number.parseInt(first[2]!, 10) : 1;
  const startAttr = ordered && number !== 1 ? ` start="${number}"` : "";
  const html = items
    .map(
      (item) => `<li>${task(inline(item.text.join("\n")).replace(/\n/g, " "))}${item.children.join("")}</li>`,
    )
    .join("");
  return { html: `<${tag}${startAttr}>${html}</${tag}>`, next: i };
}

/** `[ ]` and `[x]` at the start of an item (Obsidian tasks) as check marks. */
function task(html: string): string {
  return html
    .replace(/^\[ \]\s*/, '<span class="task" role="img" aria-label="open task">☐</span> ')
    .replace(/^\[[xX]\]\s*/, '<span class="task done" role="img" aria-label="done">☑</span> ');
}

function splitRow(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((cell) => cell.trim());
}

function parseTable(lines: string[], start: number): Block {
  const head = splitRow(lines[start]!);
  const aligns = splitRow(lines[start + 1]!).map((cell) =>
    cell.startsWith(":") && cell.endsWith(":") ? "center" : cell.endsWith(":") ? "right" : "",
  );
  const cell = (tag: "th" | "td", text: string | undefined, col: number) => {
    const align = aligns[col] ? ` class="align-${aligns[col]}"` : "";
    return `<${tag}${align}>${inline(text ?? "")}</${tag}>`;
  };
  let i = start + 2;
  const rows: string[] = [];
  while (i < lines.length && lines[i]!.includes("|") && !BLANK.test(lines[i]!)) {
    const cells = splitRow(lines[i++]!);
    rows.push(`<tr>${head.map((_, col) => cell("td", cells[col], col)).join("")}</tr>`);
  }
  const thead = `<thead><tr>${head.map((text, col) => cell("th", text, col)).join("")}</tr></thead>`;
  return {
    html: `<div class="table-wrap"><table>${thead}<tbody>${rows.join("")}</tbody></table></div>`,
    next: i,
  };
}

const SEG_GROUP = /\[((?:seg-[1-9]\d*)(?:\s*(?:,|;|–|—|-|and|to)\s*seg-[1-9]\d*)*)\]/g;

/** Inline markup on already-escaped text; code spans and links are set aside first so nothing inside them changes. */
export function inline(escaped: string): string {
  const held: string[] = [];
  const hold = (html: string) => `\0${held.push(html) - 1}\0`;
  let s = escaped.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, _ticks, code: string) =>
    hold(`<code>${code.trim()}</code>`),
  );
  s = s.replace(SEG_GROUP, (_, group: string) => hold(citations(group)));
  s = s.replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, (_, label: string, url: string) =>
    hold(`<a href="${url}" rel="noopener noreferrer nofollow" target="_blank">${emphasis(label)}</a>`),
  );
  s = s.replace(/\[\[([^\]\n|]+)(?:\|([^\]\n]+))?\]\]/g, (_, target: string, alias?: string) =>
    hold(`<span class="wikilink">${alias ?? target}</span>`),
  );
  s = emphasis(s);
  return s.replace(/\0(\d+)\0/g, (_, n: string) => held[Number(n)]!);
}

function emphasis(s: string): string {
  return s
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, "<strong>$1</strong>")
    .replace(/__(?=\S)([\s\S]*?\S)__(?!\w)/g, "<strong>$1</strong>")
    .replace(/(^|[^*\w])\*([^\s*](?:[^*\n]*?[^\s*])?)\*(?![*\w])/g, "$1<em>$2</em>")
    .replace(/(^|[^\w])_([^\s_](?:[^_\n]*?[^\s_])?)_(?!\w)/g, "$1<em>$2</em>")
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, "<del>$1</del>");
}

function citations(group: string): string {
  const linked = group.replace(
    /seg-[1-9]\d*/g,
    (id) => `<a class="cite" href="#${id}" data-seg="${id}" title="Show ${id} in the transcript">${id}</a>`,
  );
  return `<span class="cites">[${linked}]</span>`;
}
