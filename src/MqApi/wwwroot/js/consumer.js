// One SignalR connection to the hub /hubs/mq and at most one subscription on it, with manual acks.
//
// Delivery tags belong to a connection. When the connection drops, the server puts every unacknowledged
// delivery back in its queue (marked redelivered), so the tags the page still shows can no longer be settled;
// after an automatic reconnect the consumer subscribes again and those messages arrive anew.

const hubPath = "/hubs/mq";

/** Connection states reported to onConnectionState. */
export const ConnectionState = Object.freeze({
  Disconnected: "disconnected",
  Connecting: "connecting",
  Connected: "connected",
  Reconnecting: "reconnecting",
});

export class Consumer {
  #connection;
  #subscription = null; // { vhost, queue, prefetch, consumerTag }
  #handlers;

  /**
   * @param {() => string} getToken the bearer token, asked again on every (re)connect
   * @param {object} handlers onDelivery(delivery), onCancel(consumerTag), onConnectionState(state),
   *   onSubscriptionLost(subscription, error), onResubscribed(subscription)
   */
  constructor(getToken, handlers) {
    this.#handlers = handlers;
    const signalR = globalThis.signalR;
    this.#connection = new signalR.HubConnectionBuilder()
      .withUrl(hubPath, { accessTokenFactory: getToken })
      .withAutomaticReconnect()
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.#connection.on("Deliver", (delivery) => this.#handlers.onDelivery(delivery));
    this.#connection.on("Cancel", (consumerTag) => this.#cancelled(consumerTag));
    this.#connection.onreconnecting(() => this.#handlers.onConnectionState(ConnectionState.Reconnecting));
    this.#connection.onreconnected(() => this.#reconnected());
    this.#connection.onclose(() => this.#closed());
  }

  get subscription() {
    return this.#subscription;
  }

  async start() {
    this.#handlers.onConnectionState(ConnectionState.Connecting);
    try {
      await this.#connection.start();
    } catch (error) {
      this.#handlers.onConnectionState(ConnectionState.Disconnected);
      throw error;
    }
    this.#handlers.onConnectionState(ConnectionState.Connected);
  }

  async stop() {
    this.#subscription = null;
    await this.#connection.stop();
  }

  /** Subscribes with manual acks; answers the consumer tag the server chose. */
  async subscribe(vhost, queue, prefetch) {
    if (this.#subscription) await this.unsubscribe();
    const consumerTag = await this.#connection.invoke("Subscribe", vhost, queue, {
      prefetch,
      autoAck: false,
      exclusive: false,
      consumerTag: "",
    });
    this.#subscription = { vhost, queue, prefetch, consumerTag };
    return this.#subscription;
  }

  async unsubscribe() {
    const subscription = this.#subscription;
    if (!subscription) return;
    this.#subscription = null;
    await this.#connection.invoke("Unsubscribe", subscription.consumerTag);
  }

  ack(deliveryTag) {
    return this.#connection.invoke("Ack", deliveryTag, false);
  }

  nack(deliveryTag, requeue) {
    return this.#connection.invoke("Nack", deliveryTag, false, requeue);
  }

  reject(deliveryTag, requeue) {
    return this.#connection.invoke("Reject", deliveryTag, requeue);
  }

  #cancelled(consumerTag) {
    if (this.#subscription?.consumerTag === consumerTag) this.#subscription = null;
    this.#handlers.onCancel(consumerTag);
  }

  async #reconnected() {
    this.#handlers.onConnectionState(ConnectionState.Connected);
    const previous = this.#subscription;
    if (!previous) return;
    this.#subscription = null;
    try {
      const subscription = await this.subscribe(previous.vhost, previous.queue, previous.prefetch);
      this.#handlers.onResubscribed(subscription);
    } catch (error) {
      this.#handlers.onSubscriptionLost(previous, error);
    }
  }

  #closed() {
    const previous = this.#subscription;
    this.#subscription = null;
    this.#handlers.onConnectionState(ConnectionState.Disconnected);
    if (previous) this.#handlers.onSubscriptionLost(previous, null);
  }
}

/** The message of a HubException as the server wrote it, without the client's prefix. */
export function hubErrorMessage(error) {
  const message = error?.message ?? String(error);
  const marker = "HubException: ";
  const at = message.indexOf(marker);
  return at < 0 ? message : message.slice(at + marker.length);
}
