// The consume page: sign in, pick a queue, subscribe with manual acks, settle each delivery; publish to try it.
import { ApiError, MqApiClient, requestToken } from "./api.js";
import { ConnectionState, Consumer, hubErrorMessage } from "./consumer.js";
import { DeliveryList } from "./deliveries.js";

const $ = (id) => document.getElementById(id);

const ui = {
  session: $("session"),
  sessionUser: $("session-user"),
  connectionState: $("connection-state"),
  notice: $("notice"),
  signInPanel: $("sign-in-panel"),
  signInForm: $("sign-in-form"),
  signInError: $("sign-in-error"),
  workspace: $("workspace"),
  subscribeForm: $("subscribe-form"),
  vhost: $("vhost"),
  queue: $("queue"),
  prefetch: $("prefetch"),
  subscribe: $("subscribe"),
  unsubscribe: $("unsubscribe"),
  subscriptionStatus: $("subscription-status"),
  declareForm: $("declare-form"),
  newQueue: $("new-queue"),
  publishForm: $("publish-form"),
  publishExchange: $("publish-exchange"),
  publishRoutingKey: $("publish-routing-key"),
  publishPayload: $("publish-payload"),
  publishContentType: $("publish-content-type"),
  publishPersistent: $("publish-persistent"),
  publishResult: $("publish-result"),
};

/** The signed-in session: the token lives here only, never in storage, and goes with a reload. */
let session = null; // { user, token, api, consumer }

const deliveries = new DeliveryList(
  { list: $("deliveries"), empty: $("deliveries-empty"), counter: $("unacked-count"), template: $("delivery-template") },
  settle,
);

ui.signInForm.addEventListener("submit", (event) => {
  event.preventDefault();
  signIn(ui.signInForm.elements.username.value, ui.signInForm.elements.password.value);
});
$("sign-out").addEventListener("click", () => signOut());
ui.vhost.addEventListener("change", () => guarded(loadVhostContents));
$("refresh-queues").addEventListener("click", () => guarded(loadTopology));
ui.queue.addEventListener("change", suggestRoutingKey);
ui.subscribeForm.addEventListener("submit", (event) => {
  event.preventDefault();
  guarded(subscribe);
});
ui.unsubscribe.addEventListener("click", () => guarded(unsubscribe));
ui.declareForm.addEventListener("submit", (event) => {
  event.preventDefault();
  guarded(declareQueue);
});
ui.publishForm.addEventListener("submit", (event) => {
  event.preventDefault();
  guarded(publish);
});
$("clear-settled").addEventListener("click", () => deliveries.clearSettled());

async function signIn(user, password) {
  ui.signInError.textContent = "";
  ui.signInForm.elements["sign-in"].disabled = true;
  try {
    const { access_token: token } = await requestToken(user, password);
    const consumer = new Consumer(() => session?.token ?? "", consumerHandlers);
    session = { user, token, api: new MqApiClient(token), consumer };
    ui.signInForm.reset();
    showWorkspace(true);
    ui.sessionUser.textContent = user;
    await Promise.all([loadTopology(), consumer.start()]);
  } catch (error) {
    if (session === null) {
      ui.signInError.textContent = error instanceof ApiError && error.isUnauthorized ? "Wrong user or password." : `Sign-in failed: ${error.message}`;
    } else {
      showNotice(`Signed in, but ${describe(error)}`);
    }
  } finally {
    ui.signInForm.elements["sign-in"].disabled = false;
  }
}

async function signOut(message) {
  const ending = session;
  session = null;
  showWorkspace(false);
  setSubscription(null);
  deliveries.markUnsettledStale();
  if (message) showNotice(message);
  await ending?.consumer.stop().catch(() => {});
}

function showWorkspace(signedIn) {
  ui.signInPanel.hidden = signedIn;
  ui.workspace.hidden = !signedIn;
  ui.session.hidden = !signedIn;
  if (!signedIn) ui.signInForm.elements.username.focus();
  hideNotice();
}

async function loadTopology() {
  const vhosts = await session.api.listVhosts();
  const selected = ui.vhost.value || "/";
  fillSelect(ui.vhost, vhosts.map((v) => ({ value: v.name, label: v.name })), selected);
  await loadVhostContents();
}

async function loadVhostContents() {
  const vhost = ui.vhost.value;
  const [queues, exchanges] = await Promise.all([session.api.listQueues(vhost), session.api.listExchanges(vhost)]);
  const queueOptions = queues
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((q) => ({ value: q.name, label: `${q.name} (${q.messages_ready ?? 0} ready)` }));
  fillSelect(ui.queue, queueOptions, ui.queue.value, "no queues in this vhost");
  const exchangeOptions = exchanges
    .filter((e) => !e.internal)
    .map((e) => ({ value: e.name, label: e.name === "" ? "(default exchange)" : `${e.name} · ${e.type}` }));
  fillSelect(ui.publishExchange, exchangeOptions, ui.publishExchange.value);
  suggestRoutingKey();
}

/** With the default exchange, the routing key is the queue's name: prefill it so one click publishes to it. */
function suggestRoutingKey() {
  const key = ui.publishRoutingKey;
  if (key.value === "" || key.dataset.suggested === key.value) {
    key.value = ui.queue.value;
    key.dataset.suggested = ui.queue.value;
  }
}

async function subscribe() {
  const vhost = ui.vhost.value;
  const queue = ui.queue.value;
  const prefetch = Number(ui.prefetch.value);
  if (!queue) throw new Error("pick a queue first");
  if (!Number.isInteger(prefetch) || prefetch < 0) throw new Error("prefetch must be a whole number, 0 or more");
  setSubscriptionStatus("pending", `Subscribing to ${queue}…`);
  try {
    setSubscription(await session.consumer.subscribe(vhost, queue, prefetch));
  } catch (error) {
    setSubscription(session.consumer.subscription);
    throw error;
  }
}

async function unsubscribe() {
  await session.consumer.unsubscribe();
  setSubscription(null);
}

async function declareQueue() {
  const name = ui.newQueue.value.trim();
  if (!name) return;
  await session.api.declareQueue(ui.vhost.value, name);
  ui.declareForm.reset();
  await loadVhostContents();
  ui.queue.value = name;
  suggestRoutingKey();
}

async function publish() {
  const properties = { delivery_mode: ui.publishPersistent.checked ? 2 : 1 };
  if (ui.publishContentType.value.trim()) properties.content_type = ui.publishContentType.value.trim();
  const exchange = ui.publishExchange.value;
  const routingKey = ui.publishRoutingKey.value;
  ui.publishResult.textContent = "Publishing…";
  try {
    const { routed } = await session.api.publish(ui.vhost.value, exchange, { routingKey, payload: ui.publishPayload.value, properties });
    const target = `${exchange === "" ? "the default exchange" : exchange} with key “${routingKey}”`;
    ui.publishResult.dataset.state = routed ? "routed" : "unroutable";
    ui.publishResult.textContent = routed ? `Routed: published to ${target}.` : `Not routed: no queue is bound to ${target}.`;
  } catch (error) {
    ui.publishResult.dataset.state = "failed";
    ui.publishResult.textContent = "";
    throw error;
  }
}

async function settle(action, deliveryTag) {
  try {
    if (action === "ack") await session.consumer.ack(deliveryTag);
    else if (action === "nack") await session.consumer.nack(deliveryTag, true);
    else await session.consumer.reject(deliveryTag, false);
  } catch (error) {
    throw new Error(hubErrorMessage(error));
  }
}

const consumerHandlers = {
  onDelivery: (delivery) => deliveries.add(delivery),
  onCancel: () => {
    setSubscription(null);
    showNotice("The server cancelled the subscription: its queue was deleted, or a delivery stayed unacknowledged too long.");
    guarded(loadVhostContents);
  },
  onConnectionState: (state) => {
    ui.connectionState.dataset.state = state;
    ui.connectionState.textContent = state;
    if (state === ConnectionState.Reconnecting || state === ConnectionState.Disconnected) deliveries.markUnsettledStale();
  },
  onResubscribed: (subscription) => setSubscription(subscription),
  onSubscriptionLost: (subscription, error) => {
    setSubscription(null);
    if (session) showNotice(`Lost the subscription to ${subscription.queue}${error ? `: ${hubErrorMessage(error)}` : ": the connection closed."}`);
  },
};

function setSubscription(subscription) {
  const subscribed = subscription !== null;
  ui.vhost.disabled = ui.queue.disabled = ui.prefetch.disabled = ui.subscribe.disabled = subscribed;
  ui.unsubscribe.disabled = !subscribed;
  if (subscribed) {
    const { queue, vhost, prefetch, consumerTag } = subscription;
    setSubscriptionStatus("subscribed", `Subscribed to ${queue} in ${vhost}, prefetch ${prefetch === 0 ? "unlimited" : prefetch}.`);
    const tag = document.createElement("code");
    tag.className = "consumer-tag";
    tag.title = "Consumer tag";
    tag.textContent = consumerTag;
    ui.subscriptionStatus.append(tag);
  } else {
    setSubscriptionStatus("idle", "Not subscribed.");
  }
}

function setSubscriptionStatus(state, text) {
  ui.subscriptionStatus.dataset.state = state;
  ui.subscriptionStatus.textContent = text;
}

/** Runs a user action; a failure becomes a notice, and an expired token sends the user back to sign in. */
async function guarded(action) {
  if (!session) return;
  hideNotice();
  try {
    await action();
  } catch (error) {
    if (error instanceof ApiError && error.isUnauthorized) await signOut("Your session has expired. Sign in again.");
    else showNotice(describe(error));
  }
}

function describe(error) {
  if (error instanceof ApiError) return `${error.message} (HTTP ${error.status})`;
  return hubErrorMessage(error);
}

function showNotice(text) {
  ui.notice.textContent = text;
  ui.notice.hidden = false;
}

function hideNotice() {
  ui.notice.hidden = true;
  ui.notice.textContent = "";
}

function fillSelect(select, options, selected, emptyLabel) {
  select.replaceChildren(...options.map(({ value, label }) => new Option(label, value)));
  if (options.length === 0 && emptyLabel) select.append(new Option(emptyLabel, ""));
  select.value = options.some((o) => o.value === selected) ? selected : (options[0]?.value ?? "");
}
