import { api, type ShareInfo } from "../lib/api";
import { announce, fill, h } from "../lib/dom";
import { formatWhen } from "../lib/format";
import { errorText } from "../lib/request";

/**
 * The owner's read-only share links of a job: make one (its address is shown once, to copy), see
 * the live ones, revoke any. Whoever opens a link reads this job and nothing else.
 */
export function sharePanel(jobId: string): HTMLElement {
  const list = h("ul", { class: "share-links" });
  const made = h("div", { class: "share-made", "aria-live": "polite" });
  const error = h("p", { class: "error-text", role: "alert" });
  const button = h(
    "button",
    { class: "button small", type: "button", id: "share-create" },
    "Make a read-only link",
  );

  const refresh = async () => {
    try {
      const { shares } = await api.shares(jobId);
      fill(list, shares.length === 0 ? h("li", { class: "hint" }, "No links yet.") : shares.map(linkItem));
    } catch (e) {
      error.textContent = errorText(e);
    }
  };
  const linkItem = (link: ShareInfo) =>
    h(
      "li",
      { class: "share-item", dataset: { share: link.id } },
      h("span", null, `Link made ${formatWhen(link.createdAt)} `, h("code", null, `${link.id.slice(0, 8)}…`)),
      h(
        "button",
        {
          class: "button small danger ghost",
          type: "button",
          onclick: async () => {
            error.textContent = "";
            try {
              await api.revokeShare(jobId, link.id);
              fill(made);
              announce("The link was revoked; it opens nothing now.");
              await refresh();
            } catch (e) {
              error.textContent = errorText(e);
            }
          },
        },
        "Revoke",
      ),
    );

  button.addEventListener("click", async () => {
    button.disabled = true;
    error.textContent = "";
    try {
      const { share } = await api.share(jobId);
      const url = new URL(share.pageUrl ?? "", location.href).toString();
      fill(
        made,
        h("label", { for: "share-url" }, "Anyone with this address can read this job (not change it):"),
        h("input", { id: "share-url", class: "share-url", type: "text", readonly: true, value: url }),
        h("p", { class: "hint" }, "It is shown once; copy it now. Revoke it below to close it."),
      );
      made.querySelector<HTMLInputElement>("#share-url")?.select();
      await refresh();
    } catch (e) {
      error.textContent = errorText(e);
    } finally {
      button.disabled = false;
    }
  });
  void refresh();
  return h(
    "details",
    { class: "share-panel", id: "share-panel" },
    h("summary", null, "Share"),
    h("div", { class: "share-body" }, button, made, error, list),
  );
}
