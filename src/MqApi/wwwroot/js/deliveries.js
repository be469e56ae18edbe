// The live list of deliveries: one card per delivery, settled by its own Ack / Nack / Reject buttons.
// Everything a message carries is untrusted, so it reaches the page through textContent only.

/** What became of a delivery; the card's data-state. */
export const DeliveryState = Object.freeze({
  Unacked: "unacked",
  Settling: "settling",
  Acked: "acked",
  Requeued: "requeued",
  Rejected: "rejected",
  Stale: "stale",
});

const stateText = {
  [DeliveryState.Unacked]: "awaiting ack",
  [DeliveryState.Settling]: "settling…",
  [DeliveryState.Acked]: "acked",
  [DeliveryState.Requeued]: "nacked, requeued",
  [DeliveryState.Rejected]: "rejected",
  [DeliveryState.Stale]: "connection lost: back in the queue, will be redelivered",
};

/** Property names in the order a person reads them; headers come last. */
const propertyOrder = [
  "contentType", "contentEncoding", "deliveryMode", "priority", "correlationId", "replyTo",
  "expiration", "messageId", "timestamp", "type", "userId", "appId",
];

export class DeliveryList {
  #list;
  #empty;
  #counter;
  #template;
  #settle;
  #cards = new Map(); // deliveryTag -> card, for this connection's deliveries

  /**
   * @param {(action: "ack"|"nack"|"reject", deliveryTag: number) => Promise<void>} settle
   */
  constructor({ list, empty, counter, template }, settle) {
    this.#list = list;
    this.#empty = empty;
    this.#counter = counter;
    this.#template = template;
    this.#settle = settle;
  }

  add(delivery) {
    const card = this.#template.content.firstElementChild.cloneNode(true);
    card.dataset.deliveryTag = String(delivery.deliveryTag);
    card.dataset.consumerTag = delivery.consumerTag;
    text(card, ".delivery-tag", `#${delivery.deliveryTag}`);
    text(card, ".routing-key", delivery.routingKey === "" ? "(empty routing key)" : delivery.routingKey);
    text(card, ".exchange", `via ${delivery.exchange === "" ? "the default exchange" : delivery.exchange}`);
    const badge = card.querySelector(".badge");
    badge.textContent = delivery.redelivered ? "redelivered" : "first delivery";
    badge.dataset.redelivered = String(Boolean(delivery.redelivered));
    const received = card.querySelector(".received");
    const now = new Date();
    received.dateTime = now.toISOString();
    received.textContent = now.toLocaleTimeString();
    showPayload(card.querySelector(".payload"), delivery);
    showProperties(card.querySelector(".properties"), delivery.properties ?? {});
    for (const button of card.querySelectorAll("[data-action]")) {
      button.addEventListener("click", () => this.#onAction(card, delivery.deliveryTag, button.dataset.action));
    }
    this.#cards.set(delivery.deliveryTag, card);
    this.#list.append(card);
    this.#refresh();
    return card;
  }

  /** The connection dropped: the server requeued every unsettled delivery, so none can be settled here now. */
  markUnsettledStale() {
    for (const card of this.#cards.values()) {
      if (card.dataset.state === DeliveryState.Unacked || card.dataset.state === DeliveryState.Settling) {
        setState(card, DeliveryState.Stale);
      }
    }
    this.#cards.clear();
    this.#refresh();
  }

  clearSettled() {
    for (const card of [...this.#list.children]) {
      if (card.dataset.state !== DeliveryState.Unacked && card.dataset.state !== DeliveryState.Settling) card.remove();
    }
    this.#refresh();
  }

  async #onAction(card, deliveryTag, action) {
    if (card.dataset.state !== DeliveryState.Unacked) return;
    setState(card, DeliveryState.Settling);
    try {
      await this.#settle(action, deliveryTag);
      const settled = { ack: DeliveryState.Acked, nack: DeliveryState.Requeued, reject: DeliveryState.Rejected }[action];
      setState(card, settled);
      this.#cards.delete(deliveryTag);
    } catch (error) {
      // The delivery is still ours unless the connection went (then it is stale already).
      if (card.dataset.state === DeliveryState.Settling) setState(card, DeliveryState.Unacked);
      card.querySelector(".delivery-state").textContent = `failed: ${error.message}`;
    }
    this.#refresh();
  }

  #refresh() {
    const unacked = [...this.#list.children].filter((card) => card.dataset.state === DeliveryState.Unacked).length;
    this.#counter.textContent = `${unacked} unacked`;
    this.#empty.hidden = this.#list.children.length > 0;
  }
}

function setState(card, state) {
  card.dataset.state = state;
  text(card, ".delivery-state", stateText[state]);
  for (const button of card.querySelectorAll("[data-action]")) button.disabled = state !== DeliveryState.Unacked;
}

function text(card, selector, value) {
  card.querySelector(selector).textContent = value;
}

function showPayload(element, { payload, payloadEncoding, properties }) {
  let shown = payload ?? "";
  let label = "";
  if (payloadEncoding === "base64") {
    const decoded = decodeUtf8(shown);
    if (decoded === null) label = "binary, base64";
    else shown = decoded;
  }
  if (properties?.contentType?.includes("json")) shown = prettyJson(shown);
  element.textContent = shown === "" ? "(empty payload)" : shown;
  element.classList.toggle("payload-empty", shown === "");
  if (label) element.dataset.encoding = label;
}

function showProperties(list, properties) {
  const names = [
    ...propertyOrder.filter((name) => properties[name] != null),
    ...Object.keys(properties).filter((name) => !propertyOrder.includes(name) && name !== "headers" && properties[name] != null),
  ];
  for (const name of names) addProperty(list, name, formatProperty(name, properties[name]));
  for (const [name, value] of Object.entries(properties.headers ?? {})) {
    addProperty(list, name, typeof value === "string" ? value : JSON.stringify(value), "header");
  }
  list.hidden = list.children.length === 0;
}

function addProperty(list, name, value, kind = "property") {
  const term = document.createElement("dt");
  term.textContent = name;
  term.dataset.kind = kind;
  const definition = document.createElement("dd");
  definition.textContent = value;
  list.append(term, definition);
}

function formatProperty(name, value) {
  if (name === "deliveryMode") return value === 2 ? "2 (persistent)" : `${value} (transient)`;
  if (name === "timestamp" && typeof value === "number") return `${value} (${new Date(value * 1000).toISOString()})`;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function decodeUtf8(base64) {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
