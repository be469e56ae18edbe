// Connections and consumers: the hub connections the user may see and their subscriptions, refreshed on each push.
import { $, count, el, queueHref, renderRows } from "../dom.js";

export function createConnectionsView(context) {
  async function load() {
    const api = context.session().api;
    const [connections, consumers] = await Promise.all([api.listConnections(), api.listConsumers()]);
    renderRows($("connection-rows"),
      connections.map(({ name, user, peer_host, peer_port, protocol, connected_at }) => ({ name, user, peer_host, peer_port, protocol, connected_at })),
      connectionRow, "No hub connections.");
    renderRows($("consumer-rows"),
      consumers.map(({ consumer_tag, queue, channel_details, prefetch_count, ack_required, activity_status }) =>
        ({ consumer_tag, queue, connection: channel_details?.connection_name, user: channel_details?.user, prefetch_count, ack_required, activity_status })),
      consumerRow, "No consumers.");
  }

  function connectionRow(connection) {
    const peer = connection.peer_host ? `${connection.peer_host}:${connection.peer_port}` : "–";
    return el("tr", { dataset: { testid: "connection-row" } },
      el("td", { className: "name" }, connection.name),
      el("td", {}, connection.user),
      el("td", {}, peer),
      el("td", {}, connection.protocol),
      el("td", { className: "muted" }, connection.connected_at ? new Date(connection.connected_at).toLocaleTimeString() : "–"));
  }

  function consumerRow(consumer) {
    return el("tr", { dataset: { testid: "consumer-row", queue: consumer.queue?.name ?? "" } },
      el("td", {}, el("code", {}, consumer.consumer_tag)),
      el("td", { className: "name" }, el("a", { href: queueHref(consumer.queue.vhost, consumer.queue.name) }, consumer.queue.name)),
      el("td", { className: "muted" }, consumer.connection ?? "–"),
      el("td", {}, consumer.user ?? "–"),
      el("td", { className: "num" }, consumer.prefetch_count === 0 ? "unlimited" : count(consumer.prefetch_count)),
      el("td", {}, consumer.ack_required ? "manual" : "auto"),
      el("td", {}, consumer.activity_status));
  }

  return {
    show: () => context.guarded(load),
    hide() {},
    onOverview: () => context.quietly(load),
  };
}
