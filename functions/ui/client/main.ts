import { isJobId } from "../../../core/jobs/job-id";
import { showHistory } from "./history/history-view";
import { setupSearchForms, showSearch } from "./history/search-view";
import { leaveJob, showJob } from "./job/job-page";
import { viewerShare } from "./lib/api";
import { $, fill, h } from "./lib/dom";
import { errorText, onUnauthorized } from "./lib/request";
import { setupNewAnalysis } from "./new/new-analysis";
import { path, type Route, startRouter } from "./router";
import { setupKeyDialog } from "./session/key-dialog";
import { setupLlmStatus } from "./session/llm-status";
import { loadSession, needsSignIn, session, updateSession } from "./session/session";
import { setupSignIn } from "./session/sign-in";

/**
 * The web UI's entry: reads the session, asks for a token first when the server needs one, then
 * shows the view the URL names. A new page is a section in index.html and a route here.
 */
const VIEWS = ["signin", "new", "job", "history", "search"] as const;

let router: ReturnType<typeof startRouter> | null = null;

/** `jobs/<id>` with a well-formed job id; anything else is not a job's page. */
function jobPath(p: string): string[] | null {
  const m = /^jobs\/([^/]+)(?:\/(seg-\d+))?$/.exec(p);
  const id = m?.[1];
  return id && isJobId(id) ? [id, m?.[2] ?? ""] : null;
}

function start() {
  // After a sign-in that an expired session asked for, the views are set up already.
  showChrome(true);
  if (router) {
    router.route();
    return;
  }
  const newAnalysis = setupNewAnalysis();
  setupSearchForms();
  const routes: Route[] = [
    {
      view: "job",
      match: jobPath,
      show: ([id, segment]) => void showJob(id!, segment || undefined),
      leave: leaveJob,
    },
    { view: "history", match: path(/^history$/), show: () => void showHistory() },
    { view: "search", match: path(/^search(?:\?(.*))?$/), show: ([query]) => void showSearch(query ?? "") },
    { view: "new", match: path(/^$/), show: () => newAnalysis.show() },
  ];
  router = startRouter(routes, VIEWS);
}

function showChrome(on: boolean) {
  $(".mainnav").hidden = !on;
  $(".topbar-side").hidden = !on;
}

function signIn() {
  showChrome(false);
  for (const view of VIEWS) $(`#view-${view}`).hidden = view !== "signin";
  $("#signin-token").focus();
}

async function boot() {
  setupKeyDialog();
  setupSignIn(start);
  // A request refused later (a session that expired) brings the sign-in back.
  onUnauthorized(() => {
    if (!session.authRequired) return;
    updateSession({ authenticated: false });
    signIn();
  });
  try {
    await loadSession();
  } catch (e) {
    fill(
      $("#loading"),
      `The server could not be reached. ${errorText(e)} `,
      h("button", { class: "button small", type: "button", onclick: () => location.reload() }, "Try again"),
    );
    return;
  }
  setupLlmStatus();
  $("#loading").hidden = true;
  // A share link opens its one job without signing in; anything else of the server still needs it.
  if (needsSignIn() && !(viewerShare && jobPath(location.hash.replace(/^#\/?/, "")))) signIn();
  else start();
}

void boot();
