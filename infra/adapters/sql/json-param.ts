/**
 * PostgreSQL text and jsonb cannot hold U+0000 (a JSON transcript may carry one as `\u0000`): it is
 * stored as U+FFFD, the replacement character, instead of failing the write.
 */
export const jsonParam = (value: unknown): string =>
  JSON.stringify(value).replace(/((?:^|[^\\])(?:\\\\)*)\\u0000/g, "$1\\ufffd");

export const textParam = (value: string): string => value.replaceAll("\u0000", "\ufffd");
