// Exchanges: every exchange the user may see, with add and delete.
import { $, el, exchangeLabel, renderRows, rowButton } from "../dom.js";
import { fillVhosts } from "./vhosts.js";

export function createExchangesView(context) {
  const form = $("exchange-form");
  const rows = $("exchange-rows");

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    context.guarded(async () => {
      const { vhost, name, type, durable, internal } = form.elements;
      await context.session().api.declareExchange(vhost.value, name.value.trim(), {
        type: type.value,
        durable: durable.checked,
        internal: internal.checked,
      });
      context.done(`Exchange ${name.value.trim()} added.`);
      name.value = "";
      await load();
    });
  });

  async function load() {
    const exchanges = await context.session().api.listExchanges();
    exchanges.sort((a, b) => a.vhost.localeCompare(b.vhost) || a.name.localeCompare(b.name));
    renderRows(rows, exchanges.map(({ vhost, name, type, durable, auto_delete, internal }) => ({ vhost, name, type, durable, auto_delete, internal })), row, "No exchanges.");
  }

  function row(exchange) {
    const builtIn = exchange.name === "" || exchange.name.startsWith("amq.");
    const features = [exchange.durable && "durable", exchange.auto_delete && "auto-delete", exchange.internal && "internal"].filter(Boolean).join(", ");
    const remove = builtIn
      ? ""
      : rowButton("Delete", "exchange-delete", () =>
          context.guarded(async () => {
            if (!confirm(`Delete exchange ${exchange.name} in ${exchange.vhost}?`)) return;
            await context.session().api.deleteExchange(exchange.vhost, exchange.name);
            context.done(`Exchange ${exchange.name} deleted.`);
            await load();
          }), "button-danger button-small");
    return el("tr", { dataset: { testid: "exchange-row", name: exchange.name, vhost: exchange.vhost } },
      el("td", {}, exchange.vhost),
      el("td", { className: "name" }, exchangeLabel(exchange.name)),
      el("td", {}, exchange.type),
      el("td", { className: "muted" }, features),
      el("td", { className: "actions" }, remove));
  }

  return {
    show: () => context.guarded(() => Promise.all([fillVhosts(context, form.elements.vhost), load()])),
    hide() {},
    onOverview: () => context.quietly(load),
  };
}
