// Queues: every queue the user may see with its live counters, and add, purge and delete.
import { $, count, el, queueHref, renderRows, rowButton } from "../dom.js";
import { fillVhosts } from "./vhosts.js";

export function createQueuesView(context) {
  const form = $("queue-form");
  const rows = $("queue-rows");

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    context.guarded(async () => {
      const { vhost, name, durable, autoDelete } = form.elements;
      const queue = name.value.trim();
      await context.session().api.declareQueue(vhost.value, queue, { durable: durable.checked, autoDelete: autoDelete.checked });
      context.done(`Queue ${queue} added.`);
      name.value = "";
      await load();
    });
  });

  async function load() {
    const queues = await context.session().api.listQueues();
    queues.sort((a, b) => a.vhost.localeCompare(b.vhost) || a.name.localeCompare(b.name));
    const shown = queues.map((q) => ({
      vhost: q.vhost, name: q.name, durable: q.durable, auto_delete: q.auto_delete, exclusive: q.exclusive,
      ready: q.messages_ready, unacked: q.messages_unacknowledged, messages: q.messages, consumers: q.consumers,
    }));
    renderRows(rows, shown, row, "No queues.");
  }

  function row(queue) {
    const features = [queue.durable && "durable", queue.auto_delete && "auto-delete", queue.exclusive && "exclusive"].filter(Boolean).join(", ");
    const api = context.session().api;
    return el("tr", { dataset: { testid: "queue-row", name: queue.name, vhost: queue.vhost } },
      el("td", {}, queue.vhost),
      el("td", { className: "name" }, el("a", { href: queueHref(queue.vhost, queue.name), dataset: { testid: "queue-link" } }, queue.name)),
      el("td", { className: "muted" }, features),
      el("td", { className: "num", dataset: { testid: "queue-row-ready" } }, count(queue.ready)),
      el("td", { className: "num", dataset: { testid: "queue-row-unacked" } }, count(queue.unacked)),
      el("td", { className: "num", dataset: { testid: "queue-row-messages" } }, count(queue.messages)),
      el("td", { className: "num" }, count(queue.consumers)),
      el("td", { className: "actions" },
        rowButton("Purge", "queue-row-purge", () => context.guarded(async () => {
          await api.purgeQueue(queue.vhost, queue.name);
          context.done(`Queue ${queue.name} purged.`);
          await load();
        })),
        rowButton("Delete", "queue-row-delete", () => context.guarded(async () => {
          if (!confirm(`Delete queue ${queue.name} in ${queue.vhost}, with its messages?`)) return;
          await api.deleteQueue(queue.vhost, queue.name);
          context.done(`Queue ${queue.name} deleted.`);
          await load();
        }), "button-danger button-small")));
  }

  return {
    show: () => context.guarded(() => Promise.all([fillVhosts(context, form.elements.vhost), load()])),
    hide() {},
    onOverview: () => context.quietly(load),
  };
}
