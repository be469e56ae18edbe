// Hash routes (#/queues, #/queues/%2F/orders): the server serves one page, and a reload keeps the view.

/** A route's view name and its decoded parameters, from a location hash. */
export function parseRoute(hash) {
  let parts;
  try {
    parts = hash.replace(/^#\/?/, "").split("/").filter((part) => part !== "").map(decodeURIComponent);
  } catch {
    parts = []; // a mistyped escape (#/queues/%zz): show the overview rather than nothing
  }
  const [view = "overview", ...params] = parts;
  if (view === "queues" && params.length === 2) return { view: "queue", params: { vhost: params[0], name: params[1] } };
  return { view, params: {} };
}

/** Calls `onRoute(route)` now and on every hash change. */
export function watchRoute(onRoute) {
  window.addEventListener("hashchange", () => onRoute(parseRoute(location.hash)));
  onRoute(parseRoute(location.hash));
}
