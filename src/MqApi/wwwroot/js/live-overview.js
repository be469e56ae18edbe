// The overview as the server pushes it over the hub (WatchOverview, then an `Overview` about once a second),
// with a short history of its message rates for the charts. Nothing here polls: figures move when a push comes.

/** The message_stats rates the console charts, in RabbitMQ's names. */
export const RateNames = Object.freeze(["publish", "deliver_get", "ack"]);

/** Two minutes of one-second pushes. */
const historyLength = 120;

export class LiveOverview {
  #hub;
  #listeners = new Set();
  #latest = null;
  #samples = []; // { time: seconds, publish, deliver_get, ack } with null where the server gave no rate

  /** @param {import("./hub.js").HubSession} hub */
  constructor(hub) {
    this.#hub = hub;
    hub.on("Overview", (overview) => {
      this.#accept(overview);
    });
    // A new connection is a new watcher to the server.
    hub.onReconnected(() => this.start().catch(() => {}));
  }

  /** The last overview, or null before the first. */
  get latest() {
    return this.#latest;
  }

  /** The rate history, oldest first. */
  get samples() {
    return this.#samples;
  }

  /** Asks the server for pushes; its answer is the first overview. */
  async start() {
    this.#accept(await this.#hub.invoke("WatchOverview"));
  }

  /** Calls `listener(overview)` on every push, at once with the last one if there is one; returns the unsubscribe. */
  subscribe(listener) {
    this.#listeners.add(listener);
    if (this.#latest) listener(this.#latest);
    return () => this.#listeners.delete(listener);
  }

  #accept(overview) {
    this.#latest = overview;
    const stats = overview.message_stats ?? {};
    const sample = { time: Date.now() / 1000 };
    for (const name of RateNames) sample[name] = rateOf(stats, name);
    this.#samples.push(sample);
    if (this.#samples.length > historyLength) this.#samples.shift();
    for (const listener of this.#listeners) listener(overview);
  }
}

/** `message_stats.<name>_details.rate`, or null when the server does not report it. */
export function rateOf(stats, name) {
  const value = stats?.[`${name}_details`]?.rate;
  return typeof value === "number" ? value : null;
}
