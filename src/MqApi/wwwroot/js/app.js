// The console: sign in, then one view per route (#/overview, #/queues, ...). Live figures come from the
// overview the server pushes over the hub; each push also refreshes the lists of the view on screen.
import { ApiError, MqApiClient, requestToken } from "./api.js";
import { Consumer } from "./consumer.js";
import { $ } from "./dom.js";
import { HubSession } from "./hub.js";
import { LiveOverview } from "./live-overview.js";
import { describe, hideNotice, showNotice } from "./notice.js";
import { watchRoute } from "./router.js";
import { createBindingsView } from "./views/bindings.js";
import { createConnectionsView } from "./views/connections.js";
import { createConsumeView } from "./views/consume.js";
import { createExchangesView } from "./views/exchanges.js";
import { createOverviewView } from "./views/overview.js";
import { createQueueDetailView } from "./views/queue-detail.js";
import { createQueuesView } from "./views/queues.js";

/** The signed-in session: the token lives here only, never in storage, and goes with a reload. */
let session = null; // { user, token, api, hub, consumer, overview }
let route = { view: "overview", params: {} };
let currentView = null;

/** What every view gets: the session, and the two ways to run an action that may fail. */
const context = {
  session: () => session,
  guarded,
  quietly,
  done: (text) => showNotice(text, "ok"),
};

const views = {
  overview: createOverviewView(context),
  exchanges: createExchangesView(context),
  queues: createQueuesView(context),
  queue: createQueueDetailView(context),
  bindings: createBindingsView(context),
  connections: createConnectionsView(context),
  consume: createConsumeView(context),
};

const signInForm = $("sign-in-form");
signInForm.addEventListener("submit", (event) => {
  event.preventDefault();
  signIn(signInForm.elements.username.value, signInForm.elements.password.value);
});
$("sign-out").addEventListener("click", () => signOut());
watchRoute((next) => {
  route = next;
  if (session) showRoute();
});

async function signIn(user, password) {
  $("sign-in-error").textContent = "";
  signInForm.elements["sign-in"].disabled = true;
  try {
    const { access_token: token } = await requestToken(user, password);
    const hub = new HubSession(() => session?.token ?? "");
    hub.onState(showConnectionState);
    const overview = new LiveOverview(hub);
    overview.subscribe((latest) => currentView?.onOverview?.(latest));
    session = { user, token, api: new MqApiClient(token), hub, consumer: new Consumer(hub, views.consume.consumerHandlers), overview };
    signInForm.reset();
    showConsole(true);
    $("session-user").textContent = user;
    showRoute();
    await hub.start();
    await overview.start();
  } catch (error) {
    if (session === null) {
      $("sign-in-error").textContent = error instanceof ApiError && error.isUnauthorized ? "Wrong user or password." : `Sign-in failed: ${error.message}`;
    } else {
      showNotice(`Signed in, but ${describe(error)}`);
    }
  } finally {
    signInForm.elements["sign-in"].disabled = false;
  }
}

async function signOut(message) {
  const ending = session;
  session = null;
  ending?.consumer.forget();
  views.consume.onSignedOut();
  showConsole(false);
  if (message) showNotice(message);
  await ending?.hub.stop().catch(() => {});
}

function showConsole(signedIn) {
  $("sign-in-panel").hidden = signedIn;
  $("console").hidden = !signedIn;
  $("session").hidden = !signedIn;
  $("nav").hidden = !signedIn;
  if (!signedIn) signInForm.elements.username.focus();
  hideNotice();
}

function showRoute() {
  const name = route.view in views ? route.view : "overview";
  currentView?.hide();
  currentView = views[name];
  for (const section of document.querySelectorAll("section.view")) section.hidden = section.dataset.view !== name;
  const navName = name === "queue" ? "queues" : name;
  for (const link of $("nav").querySelectorAll("a")) {
    if (link.dataset.view === navName) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  currentView.show(route.params);
}

function showConnectionState(state) {
  const element = $("connection-state");
  element.dataset.state = state;
  element.textContent = state;
  views.consume.onConnectionState(state);
}

/** Runs a user action; a failure becomes a notice, and an expired token sends the user back to sign in. */
async function guarded(action) {
  if (!session) return;
  hideNotice();
  await quietly(action);
}

/** As guarded, but keeps the notice on screen: for refreshes the user did not ask for. */
async function quietly(action) {
  if (!session) return;
  try {
    await action();
  } catch (error) {
    if (error instanceof ApiError && error.isUnauthorized) await signOut("Your session has expired. Sign in again.");
    else if (session) showNotice(describe(error));
  }
}
