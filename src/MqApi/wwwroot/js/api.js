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

  listQueues(vhost) {
    return this.#send("GET", `/api/queues/${segment(vhost)}`);
  }

  listExchanges(vhost) {
    return this.#send("GET", `/api/exchanges/${segment(vhost)}`);
  }

  declareQueue(vhost, name, { durable = true } = {}) {
    return this.#send("PUT", `/api/queues/${segment(vhost)}/${segment(name)}`, { durable, auto_delete: false, arguments: {} });
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

function base64Utf8(text) {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
