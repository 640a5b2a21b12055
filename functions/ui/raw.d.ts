/** `import text from "./page.html?raw"`: a file's text, inlined by the build (and by vitest). */
declare module "*?raw" {
  const text: string;
  export default text;
}

/** `import script from "./client/main.ts?bundle"`: that entry bundled for the browser, as text. */
declare module "*?bundle" {
  const script: string;
  export default script;
}
