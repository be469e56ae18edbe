// MqApi's REST API (RabbitMQ's management API), called with a bearer token.
//
// Every request sends credentials: 'omit'. The API answers 401 with `WWW-Authenticate: Basic`, as RabbitMQ
// does, and for a request that may carry credentials the browser would answer that with its own password
// dialog. The page sends its token in the Authorization header itself, so it needs neither cookies nor the
// browser's credential cache.

/** An answer other than 2xx, with RabbitMQ's `{error, reason}`. */
export class ApiError extends Error {
  constructor(status, error, reason) {
    super(reason || error || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.error = error;
  }

  get isUnauthorized() {
    return this.status === 401;
  }
}

/** The name of the default exchange in a path, as RabbitMQ's management API spells it. */
const defaultExchangePathName = "amq.default";

/** One path segment: `/` becomes `%2F`, so the default vhost is `%2F`. */
const segment = (name) => encodeURIComponent(name);

/** Trades a user's password for a bearer token: `{access_token, token_type, expires_in}`. */
export async function requestToken(username, password) {
  const response = await fetch("/api/tokens", {
    method: "POST",
    credentials: "omit",
    headers: { Authorization: `Basic ${base64Utf8(`${username}:${password}`)}`, Accept: "application/json" },
  });
  return readJson(response);
}

/** The REST calls the page makes, all as the signed-in user. */
export class MqApiClient {
  #token;

  constructor(token) {
    this.#token = token;
  }

  listVhosts() {
    return this.#send("GET", "/api/vhosts");
  }

  /** Exchanges of one vhost, or of every vhost the user may see when `vhost` is undefined. */
  listExchanges(vhost) {
    return this.#send("GET", vhost === undefined ? "/api/exchanges" : `/api/exchanges/${segment(vhost)}`);
  }

  declareExchange(vhost, name, { type, durable = true, autoDelete = false, internal = false }) {
    return this.#send("PUT", `/api/exchanges/${segment(vhost)}/${segment(name)}`, { type, durable, auto_delete: autoDelete, internal, arguments: {} });
  }

  deleteExchange(vhost, name) {
    return this.#send("DELETE", `/api/exchanges/${segment(vhost)}/${segment(name)}`);
  }

  /** Queues of one vhost, or of every vhost the user may see when `vhost` is undefined. */
  listQueues(vhost) {
    return this.#send("GET", vhost === undefined ? "/api/queues" : `/api/queues/${segment(vhost)}`);
  }

  getQueue(vhost, name) {
    return this.#send("GET", `/api/queues/${segment(vhost)}/${segment(name)}`);
  }

  declareQueue(vhost, name, { durable = true, autoDelete = false } = {}) {
    return this.#send("PUT", `/api/queues/${segment(vhost)}/${segment(name)}`, { durable, auto_delete: autoDelete, arguments: {} });
  }

  deleteQueue(vhost, name) {
    return this.#send("DELETE", `/api/queues/${segment(vhost)}/${segment(name)}`);
  }

  purgeQueue(vhost, name) {
    return this.#send("DELETE", `/api/queues/${segment(vhost)}/${segment(name)}/contents`);
  }

  /** Up to `count` messages, each put straight back (ackmode ack_requeue_true): a look that changes nothing but `redelivered`. */
  peekMessages(vhost, name, count) {
    return this.#send("POST", `/api/queues/${segment(vhost)}/${segment(name)}/get`, {
      count,
      ackmode: "ack_requeue_true",
      encoding: "auto",
      truncate: 50000,
    });
  }

  queueBindings(vhost, name) {
    return this.#send("GET", `/api/queues/${segment(vhost)}/${segment(name)}/bindings`);
  }

  listBindings() {
    return this.#send("GET", "/api/bindings");
  }

  /** Binds `destination` (a queue when destinationType is "queue", else an exchange) to the source exchange. */
  createBinding(vhost, source, destinationType, destination, routingKey) {
    return this.#send("POST", bindingPath(vhost, source, destinationType, destination), { routing_key: routingKey, arguments: {} });
  }

  /** Removes the binding that a listing named by its `properties_key`. */
  deleteBinding(vhost, source, destinationType, destination, propertiesKey) {
    return this.#send("DELETE", `${bindingPath(vhost, source, destinationType, destination)}/${segment(propertiesKey)}`);
  }

  /** Publishes one message; answers `{routed}` once it is routed and, if persistent, stored. */
  publish(vhost, exchange, { routingKey, payload, properties }) {
    const exchangeSegment = exchange === "" ? defaultExchangePathName : segment(exchange);
    return this.#send("POST", `/api/exchanges/${segment(vhost)}/${exchangeSegment}/publish`, {
      routing_key: routingKey,
      payload,
      payload_encoding: "string",
      properties,
    });
  }

  listConnections() {
    return this.#send("GET", "/api/connections");
  }

  listConsumers() {
    return this.#send("GET", "/api/consumers");
  }

  async #send(method, path, body) {
    const headers = { Authorization: `Bearer ${this.#token}`, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method,
      credentials: "omit",
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return readJson(response);
  }
}

async function readJson(response) {
  const text = await response.text();
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, body?.error, body?.reason ?? (text && !body ? text : undefined));
  }
  return body;
}

function bindingPath(vhost, source, destinationType, destination) {
  const kind = destinationType === "queue" ? "q" : "e";
  return `/api/bindings/${segment(vhost)}/e/${segment(source)}/${kind}/${segment(destination)}`;
}

function base64Utf8(text) {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
