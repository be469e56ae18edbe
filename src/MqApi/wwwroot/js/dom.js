// Small DOM helpers shared by the views. Everything the server sends is data, so it reaches the page through
// textContent and properties only, never through HTML strings.

export const $ = (id) => document.getElementById(id);

/**
 * Makes an element: `el("td", { className: "num", dataset: { testid: "x" } }, "text", child)`.
 * Props are assigned as properties; `dataset` entries become data-* attributes.
 */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "dataset") Object.assign(element.dataset, value);
    else element[name] = value;
  }
  element.append(...children.filter((child) => child !== null && child !== undefined).map((c) => (c instanceof Node ? c : String(c))));
  return element;
}

/** Replaces a select's options, keeping `selected` when it is still there. */
export function fillSelect(select, options, selected, emptyLabel) {
  select.replaceChildren(...options.map(({ value, label }) => new Option(label ?? value, value)));
  if (options.length === 0 && emptyLabel) select.append(new Option(emptyLabel, ""));
  select.value = options.some((o) => o.value === selected) ? selected : (options[0]?.value ?? "");
}

/**
 * Shows rows in a table body, and skips the DOM work when the rows are the same as last time: lists refresh
 * on every overview push, and rebuilding unchanged rows would drop focus and hover under the user's pointer.
 */
export function renderRows(body, items, renderRow, emptyText) {
  const signature = JSON.stringify(items);
  if (body.dataset.signature === signature) return;
  body.dataset.signature = signature;
  if (items.length === 0) {
    const columns = body.closest("table")?.querySelectorAll("thead th").length ?? 1;
    body.replaceChildren(el("tr", { className: "empty-row" }, el("td", { colSpan: columns }, emptyText)));
  } else {
    body.replaceChildren(...items.map(renderRow));
  }
}

/** A whole number with thousands separators; a dash when the server did not say. */
export function count(value) {
  return typeof value === "number" ? Math.round(value).toLocaleString("en-US") : "–";
}

/** A rate per second, to one decimal. */
export function rate(value) {
  return typeof value === "number" ? `${value.toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 })}/s` : "–";
}

/** A small button for a table row. */
export function rowButton(label, testid, onClick, className = "button-quiet button-small") {
  const button = el("button", { type: "button", className, textContent: label, dataset: { testid } });
  button.addEventListener("click", onClick);
  return button;
}

/** The route of a queue's own page. */
export function queueHref(vhost, name) {
  return `#/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`;
}

/** The default exchange's name as people read it. */
export function exchangeLabel(name) {
  return name === "" ? "(AMQP default)" : name;
}
