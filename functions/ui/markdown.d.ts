/** Types of markdown.js, a plain browser module that the page loads as it is. */
export function escapeHtml(text: unknown): string;
export function renderMarkdown(source: unknown, options?: { headingOffset?: number }): string;
export function inline(escaped: string): string;
