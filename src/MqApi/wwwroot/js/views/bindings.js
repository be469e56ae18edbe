// Bindings: every binding the user may see, with bind (exchange to queue or to exchange) and unbind.
import { $, el, exchangeLabel, fillSelect, queueHref, renderRows, rowButton } from "../dom.js";
import { fillVhosts } from "./vhosts.js";

export function createBindingsView(context) {
  const form = $("binding-form");
  const rows = $("binding-rows");
  const api = () => context.session().api;

  form.elements.vhost.addEventListener("change", () => context.guarded(loadChoices));
  form.elements.destinationType.addEventListener("change", () => context.guarded(loadChoices));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    context.guarded(async () => {
      const { vhost, source, destinationType, destination, routingKey } = form.elements;
      await api().createBinding(vhost.value, source.value, destinationType.value, destination.value.trim(), routingKey.value);
      context.done(`Bound ${destinationType.value} ${destination.value.trim()} to ${source.value} with key “${routingKey.value}”.`);
      routingKey.value = "";
      await load();
    });
  });

  /** The exchanges to bind from, and the queues or exchanges offered as destinations, of the chosen vhost. */
  async function loadChoices() {
    const vhost = form.elements.vhost.value;
    if (!vhost) return;
    const [exchanges, queues] = await Promise.all([api().listExchanges(vhost), api().listQueues(vhost)]);
    const bindable = exchanges.filter((e) => e.name !== "").map((e) => ({ value: e.name }));
    fillSelect(form.elements.source, bindable, form.elements.source.value, "(no exchange)");
    const destinations = form.elements.destinationType.value === "queue" ? queues : exchanges.filter((e) => e.name !== "");
    $("binding-destinations").replaceChildren(...destinations.map((d) => new Option(d.name)));
  }

  async function load() {
    const bindings = await api().listBindings();
    const shown = bindings
      .map(({ vhost, source, destination, destination_type, routing_key, properties_key }) => ({ vhost, source, destination, destination_type, routing_key, properties_key }))
      .sort((a, b) => a.vhost.localeCompare(b.vhost) || a.source.localeCompare(b.source) || a.destination.localeCompare(b.destination));
    renderRows(rows, shown, row, "No bindings.");
  }

  function row(binding) {
    const destination = binding.destination_type === "queue"
      ? el("a", { href: queueHref(binding.vhost, binding.destination) }, binding.destination)
      : binding.destination;
    const unbind = binding.source === ""
      ? el("span", { className: "muted" }, "implicit")
      : rowButton("Unbind", "binding-delete", () => context.guarded(async () => {
          await api().deleteBinding(binding.vhost, binding.source, binding.destination_type, binding.destination, binding.properties_key);
          context.done(`Unbound ${binding.destination} from ${binding.source}.`);
          await load();
        }));
    return el("tr", { dataset: { testid: "binding-row", source: binding.source, destination: binding.destination } },
      el("td", {}, binding.vhost),
      el("td", { className: "name" }, exchangeLabel(binding.source)),
      el("td", {}, el("span", { className: "muted" }, `${binding.destination_type} `), destination),
      el("td", {}, el("code", {}, binding.routing_key)),
      el("td", { className: "actions" }, unbind));
  }

  return {
    show: () => context.guarded(async () => {
      await fillVhosts(context, form.elements.vhost);
      await Promise.all([loadChoices(), load()]);
    }),
    hide() {},
    onOverview: () => context.quietly(load),
  };
}
