/** A file dropped anywhere on the form is taken; elsewhere the browser must not open it instead of the page. */
export function acceptDrops(
  form: HTMLElement,
  dropzone: HTMLElement,
  onEnter: () => void,
  take: (file: File) => void,
) {
  const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes("Files") === true;
  let depth = 0;
  form.addEventListener("dragenter", (e) => {
    if (!hasFiles(e)) return;
    depth++;
    dropzone.classList.add("dragging");
    onEnter();
  });
  form.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) dropzone.classList.remove("dragging");
  });
  for (const type of ["dragover", "drop"] as const) {
    window.addEventListener(type, (e) => {
      if (hasFiles(e)) e.preventDefault();
    });
  }
  form.addEventListener("drop", (e) => {
    depth = 0;
    dropzone.classList.remove("dragging");
    const file = e.dataTransfer?.files?.[0];
    if (file) {
      e.preventDefault();
      take(file);
    }
  });
}
