// One queue: live counters, its bindings (bind and unbind), peek at messages, and a publish form.
import { $, count, el, exchangeLabel, fillSelect, renderRows, rowButton } from "../dom.js";

export function createQueueDetailView(context) {
  const section = document.querySelector('section.view[data-view="queue"]');
  const publishForm = $("queue-publish-form");
  const bindForm = $("queue-bind-form");
  const peekForm = $("queue-peek-form");
  const publishResult = $("queue-publish-result");
  let current = null; // { vhost, name }

  const api = () => context.session().api;

  publishForm.elements.exchange.addEventListener("change", suggestRoutingKey);
  publishForm.addEventListener("submit", (event) => {
    event.preventDefault();
    context.guarded(publish);
  });
  bindForm.addEventListener("submit", (event) => {
    event.preventDefault();
    context.guarded(async () => {
      const { exchange, routingKey } = bindForm.elements;
      await api().createBinding(current.vhost, exchange.value, "queue", current.name, routingKey.value);
      context.done(`Bound ${current.name} to ${exchange.value} with key “${routingKey.value}”.`);
      routingKey.value = "";
      await loadBindings();
    });
  });
  peekForm.addEventListener("submit", (event) => {
    event.preventDefault();
    context.guarded(peek);
  });
  $("queue-purge").addEventListener("click", () => context.guarded(async () => {
    await api().purgeQueue(current.vhost, current.name);
    context.done(`Queue ${current.name} purged.`);
    await loadQueue();
  }));
  $("queue-delete").addEventListener("click", () => context.guarded(async () => {
    if (!confirm(`Delete queue ${current.name} in ${current.vhost}, with its messages?`)) return;
    await api().deleteQueue(current.vhost, current.name);
    context.done(`Queue ${current.name} deleted.`);
    location.hash = "#/queues";
  }));

  async function show({ vhost, name }) {
    const changed = current?.vhost !== vhost || current?.name !== name;
    current = { vhost, name };
    $("queue-detail-name").textContent = name;
    $("queue-detail-vhost").textContent = `virtual host ${vhost}`;
    if (changed) {
      $("queue-peeked").replaceChildren();
      publishResult.textContent = "";
      delete publishResult.dataset.state;
      for (const figure of section.querySelectorAll("[data-counter]")) figure.textContent = "–";
    }
    await context.guarded(() => Promise.all([loadQueue(), loadBindings(), loadExchanges()]));
  }

  async function loadQueue() {
    const queue = await api().getQueue(current.vhost, current.name);
    for (const figure of section.querySelectorAll("[data-counter]")) figure.textContent = count(queue[figure.dataset.counter]);
    $("queue-features").textContent = [
      queue.durable ? "durable" : "transient", queue.auto_delete && "auto-delete", queue.exclusive && "exclusive",
      ...Object.entries(queue.arguments ?? {}).map(([key, value]) => `${key}=${JSON.stringify(value)}`),
    ].filter(Boolean).join(" · ");
  }

  async function loadBindings() {
    const bindings = await api().queueBindings(current.vhost, current.name);
    const shown = bindings.map(({ source, routing_key, properties_key }) => ({ source, routing_key, properties_key }));
    renderRows($("queue-binding-rows"), shown, bindingRow, "No bindings.");
  }

  function bindingRow(binding) {
    // Every queue is bound to the default exchange by its name; that binding cannot be removed.
    const unbind = binding.source === ""
      ? el("span", { className: "muted" }, "implicit")
      : rowButton("Unbind", "queue-unbind", () => context.guarded(async () => {
          await api().deleteBinding(current.vhost, binding.source, "queue", current.name, binding.properties_key);
          context.done(`Unbound ${current.name} from ${binding.source}.`);
          await loadBindings();
        }));
    return el("tr", { dataset: { testid: "queue-binding-row", source: binding.source } },
      el("td", { className: "name" }, exchangeLabel(binding.source)),
      el("td", {}, el("code", {}, binding.routing_key)),
      el("td", { className: "actions" }, unbind));
  }

  async function loadExchanges() {
    const exchanges = (await api().listExchanges(current.vhost)).filter((e) => !e.internal);
    const options = exchanges.map((e) => ({ value: e.name, label: exchangeLabel(e.name) }));
    fillSelect(publishForm.elements.exchange, options, publishForm.elements.exchange.value);
    const bindable = options.filter((o) => o.value !== "");
    fillSelect(bindForm.elements.exchange, bindable, bindForm.elements.exchange.value, "(no exchange to bind)");
    suggestRoutingKey();
  }

  /** The default exchange routes by queue name, so that is the key to suggest until the user types another. */
  function suggestRoutingKey() {
    const key = publishForm.elements.routingKey;
    const suggestion = publishForm.elements.exchange.value === "" ? current.name : "";
    if (key.value === "" || key.dataset.suggested === key.value) {
      key.value = suggestion;
      key.dataset.suggested = suggestion;
    }
  }

  async function publish() {
    const { exchange, routingKey, payload, persistent } = publishForm.elements;
    publishResult.textContent = "Publishing…";
    delete publishResult.dataset.state;
    try {
      const { routed } = await api().publish(current.vhost, exchange.value, {
        routingKey: routingKey.value,
        payload: payload.value,
        properties: { delivery_mode: persistent.checked ? 2 : 1 },
      });
      const target = `${exchangeLabel(exchange.value)} with key “${routingKey.value}”`;
      publishResult.dataset.state = routed ? "routed" : "unroutable";
      publishResult.textContent = routed ? `Routed: published to ${target}.` : `Not routed: nothing is bound to ${target}.`;
    } catch (error) {
      publishResult.dataset.state = "failed";
      publishResult.textContent = "";
      throw error;
    }
    await loadQueue();
  }

  async function peek() {
    const count = Number(peekForm.elements.count.value) || 1;
    const messages = await api().peekMessages(current.vhost, current.name, count);
    $("queue-peeked").replaceChildren(...messages.map(peekedMessage));
    if (messages.length === 0) $("queue-peeked").append(el("li", { className: "muted" }, "The queue has no ready message."));
    await loadQueue();
  }

  function peekedMessage(message) {
    return el("li", { className: "peeked-message", dataset: { testid: "queue-peeked-message" } },
      el("div", { className: "delivery-head" },
        el("code", { className: "routing-key" }, message.routing_key),
        el("span", { className: "exchange" }, `from ${exchangeLabel(message.exchange)}`),
        el("span", { className: "badge", dataset: { redelivered: String(message.redelivered) } }, message.redelivered ? "redelivered" : "first delivery"),
        el("span", { className: "muted" }, `${message.payload_bytes} bytes`)),
      el("pre", { className: "payload", dataset: { testid: "queue-peeked-payload" } },
        message.payload_encoding === "base64" ? `(base64) ${message.payload}` : message.payload));
  }

  return {
    show,
    hide() {},
    onOverview: () => context.quietly(() => Promise.all([loadQueue(), loadBindings()])),
  };
}
