// The session's one SignalR connection to /hubs/mq. The consume view's subscription and the live overview
// share it, so a signed-in console holds a single hub connection (Broker:MaxConnectionsPerUser counts them).

const hubPath = "/hubs/mq";

/** Connection states reported to onState listeners. */
export const ConnectionState = Object.freeze({
  Disconnected: "disconnected",
  Connecting: "connecting",
  Connected: "connected",
  Reconnecting: "reconnecting",
});

export class HubSession {
  #connection;
  #stateListeners = new Set();
  #reconnectedListeners = new Set();
  #closedListeners = new Set();

  /** @param {() => string} getToken the bearer token, asked again on every (re)connect */
  constructor(getToken) {
    const signalR = globalThis.signalR;
    this.#connection = new signalR.HubConnectionBuilder()
      .withUrl(hubPath, { accessTokenFactory: getToken })
      .withAutomaticReconnect()
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.#connection.onreconnecting(() => this.#setState(ConnectionState.Reconnecting));
    this.#connection.onreconnected(() => {
      this.#setState(ConnectionState.Connected);
      for (const listener of this.#reconnectedListeners) listener();
    });
    this.#connection.onclose(() => {
      this.#setState(ConnectionState.Disconnected);
      for (const listener of this.#closedListeners) listener();
    });
  }

  /**
   * A method the server invokes on this client (Deliver, Cancel, Overview). The handler must return nothing:
   * the client answers a returned value as a result, which the server, not expecting one, reports as an error.
   */
  on(method, handler) {
    this.#connection.on(method, handler);
  }

  invoke(method, ...args) {
    return this.#connection.invoke(method, ...args);
  }

  onState(listener) {
    this.#stateListeners.add(listener);
  }

  /** After an automatic reconnect the server knows nothing of this client: listeners set up their state again. */
  onReconnected(listener) {
    this.#reconnectedListeners.add(listener);
  }

  onClosed(listener) {
    this.#closedListeners.add(listener);
  }

  async start() {
    this.#setState(ConnectionState.Connecting);
    try {
      await this.#connection.start();
    } catch (error) {
      this.#setState(ConnectionState.Disconnected);
      throw error;
    }
    this.#setState(ConnectionState.Connected);
  }

  stop() {
    return this.#connection.stop();
  }

  #setState(state) {
    for (const listener of this.#stateListeners) listener(state);
  }
}

/** The message of a HubException as the server wrote it, without the client's prefix. */
export function hubErrorMessage(error) {
  const message = error?.message ?? String(error);
  const marker = "HubException: ";
  const at = message.indexOf(marker);
  return at < 0 ? message : message.slice(at + marker.length);
}
