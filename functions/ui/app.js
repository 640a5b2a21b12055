/**
 * The web UI's entry: reads the session, asks for a token first when the server needs one, then
 * routes between the views by the URL hash (#/, #/history, #/jobs/<id>).
 */
import { errorText } from "./api.js";
import { $, $$, fill, h } from "./dom.js";
import { showHistory } from "./history-view.js";
import { leaveJob, showJob } from "./job-view.js";
import { setupNewAnalysis } from "./new-analysis.js";
import { loadSession, needsSignIn, session, setupKeyDialog, setupSignIn } from "./session.js";

const VIEWS = ["signin", "new", "job", "history"];
// The server checks the id (JOB_ID_PATTERN); the route only takes what could be one.
const JOB_ROUTE = /^jobs\/([0-9a-z-]{1,64})$/;

let newAnalysis = null;
let started = false;
let firstRoute = true;

function showView(name) {
  for (const view of VIEWS) $(`#view-${view}`).hidden = view !== name;
  for (const link of $$("[data-nav]")) {
    if (link.dataset.nav === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (!firstRoute) $(`#view-${name} .view-title, #view-${name} h1`)?.focus();
  firstRoute = false;
}

function route() {
  const path = location.hash.replace(/^#\/?/, "");
  // In-page anchors (the skip link, a citation) are not routes, once a view is on screen.
  const shown = VIEWS.some((view) => !$(`#view-${view}`).hidden);
  if (shown && (path.startsWith("seg-") || path === "main")) return;
  const job = JOB_ROUTE.exec(path);
  if (!job) leaveJob();
  if (job) {
    showView("job");
    void showJob(job[1]);
  } else if (path === "history") {
    showView("history");
    void showHistory();
  } else {
    showView("new");
    newAnalysis.show();
  }
}

function start() {
  if (started) return;
  started = true;
  $(".mainnav").hidden = false;
  $(".topbar-side").hidden = false;
  newAnalysis = setupNewAnalysis();
  window.addEventListener("hashchange", route);
  route();
}

function signIn() {
  $(".mainnav").hidden = true;
  $(".topbar-side").hidden = true;
  for (const view of VIEWS) $(`#view-${view}`).hidden = view !== "signin";
  $("#signin-token").focus();
}

async function boot() {
  setupKeyDialog();
  setupSignIn(() => {
    if (started) route();
    else start();
  });
  // A request refused later (a session that expired) brings the sign-in back.
  window.addEventListener("ta:unauthorized", () => {
    if (!session.authRequired) return;
    session.authenticated = false;
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
  $("#loading").hidden = true;
  if (needsSignIn()) signIn();
  else start();
}

void boot();
