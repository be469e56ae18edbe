// Consume: pick a queue, subscribe over the hub with manual acks, settle each delivery; publish to try it.
import { DeliveryList } from "../deliveries.js";
import { $, fillSelect } from "../dom.js";
import { ConnectionState, hubErrorMessage } from "../hub.js";
import { showNotice } from "../notice.js";

export function createConsumeView(context) {
  const ui = {
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
  const session = () => context.session();

  const deliveries = new DeliveryList(
    { list: $("deliveries"), empty: $("deliveries-empty"), counter: $("unacked-count"), template: $("delivery-template") },
    settle,
  );

  ui.vhost.addEventListener("change", () => context.guarded(loadVhostContents));
  $("refresh-queues").addEventListener("click", () => context.guarded(loadTopology));
  ui.queue.addEventListener("change", suggestRoutingKey);
  ui.subscribeForm.addEventListener("submit", (event) => {
    event.preventDefault();
    context.guarded(subscribe);
  });
  ui.unsubscribe.addEventListener("click", () => context.guarded(unsubscribe));
  ui.declareForm.addEventListener("submit", (event) => {
    event.preventDefault();
    context.guarded(declareQueue);
  });
  ui.publishForm.addEventListener("submit", (event) => {
    event.preventDefault();
    context.guarded(publish);
  });
  $("clear-settled").addEventListener("click", () => deliveries.clearSettled());

  async function loadTopology() {
    const vhosts = await session().api.listVhosts();
    fillSelect(ui.vhost, vhosts.map((v) => ({ value: v.name })), ui.vhost.value || "/");
    await loadVhostContents();
  }

  async function loadVhostContents() {
    const vhost = ui.vhost.value;
    const [queues, exchanges] = await Promise.all([session().api.listQueues(vhost), session().api.listExchanges(vhost)]);
    const queueOptions = queues
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((q) => ({ value: q.name, label: `${q.name} (${q.messages_ready ?? 0} ready)` }));
    fillSelect(ui.queue, queueOptions, ui.queue.value, "(no queues in this virtual host)");
    const exchangeOptions = exchanges
      .filter((e) => !e.internal)
      .map((e) => ({ value: e.name, label: e.name === "" ? "(AMQP default)" : e.name }));
    fillSelect(ui.publishExchange, exchangeOptions, ui.publishExchange.value || "");
    suggestRoutingKey();
  }

  /** The default exchange routes by queue name, so the selected queue is the key to suggest. */
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
      setSubscription(await session().consumer.subscribe(vhost, queue, prefetch));
    } catch (error) {
      setSubscription(session().consumer.subscription);
      throw error;
    }
  }

  async function unsubscribe() {
    await session().consumer.unsubscribe();
    setSubscription(null);
  }

  async function declareQueue() {
    const name = ui.newQueue.value.trim();
    if (!name) return;
    await session().api.declareQueue(ui.vhost.value, name);
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
      const { routed } = await session().api.publish(ui.vhost.value, exchange, { routingKey, payload: ui.publishPayload.value, properties });
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
    const consumer = session().consumer;
    try {
      if (action === "ack") await consumer.ack(deliveryTag);
      else if (action === "nack") await consumer.nack(deliveryTag, true);
      else await consumer.reject(deliveryTag, false);
    } catch (error) {
      throw new Error(hubErrorMessage(error));
    }
  }

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

  /** What the session's Consumer reports, wired by app.js when it makes the session. */
  const consumerHandlers = {
    onDelivery: (delivery) => deliveries.add(delivery),
    onCancel: () => {
      setSubscription(null);
      showNotice("The server cancelled the subscription: its queue was deleted, or a delivery stayed unacknowledged too long.");
      context.quietly(loadVhostContents);
    },
    onResubscribed: (subscription) => setSubscription(subscription),
    onSubscriptionLost: (subscription, error) => {
      setSubscription(null);
      if (context.session()) showNotice(`Lost the subscription to ${subscription.queue}${error ? `: ${hubErrorMessage(error)}` : ": the connection closed."}`);
    },
  };

  return {
    show: () => context.guarded(loadTopology),
    hide() {},
    consumerHandlers,
    /** Deliveries the page shows can no longer be settled once the connection is gone: the server requeued them. */
    onConnectionState(state) {
      if (state === ConnectionState.Reconnecting || state === ConnectionState.Disconnected) deliveries.markUnsettledStale();
    },
    onSignedOut() {
      setSubscription(null);
      deliveries.markUnsettledStale();
    },
  };
}
