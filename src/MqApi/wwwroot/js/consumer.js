// At most one subscription on the session's hub connection, with manual acks.
//
// Delivery tags belong to a connection. When the connection drops, the server puts every unacknowledged
// delivery back in its queue (marked redelivered), so the tags the page still shows can no longer be settled;
// after an automatic reconnect the consumer subscribes again and those messages arrive anew.

export class Consumer {
  #hub;
  #subscription = null; // { vhost, queue, prefetch, consumerTag }
  #handlers;

  /**
   * @param {import("./hub.js").HubSession} hub
   * @param {object} handlers onDelivery(delivery), onCancel(consumerTag), onSubscriptionLost(subscription, error),
   *   onResubscribed(subscription)
   */
  constructor(hub, handlers) {
    this.#hub = hub;
    this.#handlers = handlers;
    hub.on("Deliver", (delivery) => {
      this.#handlers.onDelivery(delivery);
    });
    hub.on("Cancel", (consumerTag) => {
      this.#cancelled(consumerTag);
    });
    hub.onReconnected(() => this.#reconnected());
    hub.onClosed(() => this.#closed());
  }

  get subscription() {
    return this.#subscription;
  }

  /** Forgets the subscription without telling the server (the connection is going away). */
  forget() {
    this.#subscription = null;
  }

  /** Subscribes with manual acks; answers the consumer tag the server chose. */
  async subscribe(vhost, queue, prefetch) {
    if (this.#subscription) await this.unsubscribe();
    const consumerTag = await this.#hub.invoke("Subscribe", vhost, queue, {
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
    await this.#hub.invoke("Unsubscribe", subscription.consumerTag);
  }

  ack(deliveryTag) {
    return this.#hub.invoke("Ack", deliveryTag, false);
  }

  nack(deliveryTag, requeue) {
    return this.#hub.invoke("Nack", deliveryTag, false, requeue);
  }

  reject(deliveryTag, requeue) {
    return this.#hub.invoke("Reject", deliveryTag, requeue);
  }

  #cancelled(consumerTag) {
    if (this.#subscription?.consumerTag === consumerTag) this.#subscription = null;
    this.#handlers.onCancel(consumerTag);
  }

  async #reconnected() {
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
    if (previous) this.#handlers.onSubscriptionLost(previous, null);
  }
}
