// Counts deliveries the way MqApi.Bench counts them: the clock starts at the first delivery,
// the first `warmup` seconds are not counted, then `duration` seconds are. If the queue runs dry
// first (it was filled before the consumer started), the window ends at the last delivery.
import { performance } from "node:perf_hooks";

export class WindowMeter {
  constructor({ warmupSeconds, durationSeconds, expected, onDone }) {
    this.warmupMs = warmupSeconds * 1000;
    this.durationMs = durationSeconds * 1000;
    this.expected = expected;
    this.onDone = onDone;
    this.total = 0;
    this.inWindow = 0;
    this.first = null;
    this.last = null;
    this.done = false;
    this.timer = null;
  }

  count() {
    if (this.done) return;
    const now = performance.now();
    if (this.first === null) {
      this.first = now;
      // Ends the window on time even when deliveries stop (queue drained, or the consumer stalled).
      this.timer = setTimeout(() => this.finish(false), this.warmupMs + this.durationMs);
    }
    this.total++;
    this.last = now;
    if (now >= this.first + this.warmupMs) this.inWindow++;
    if (this.total >= this.expected) this.finish(true);
  }

  finish(drained) {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    const open = this.first + this.warmupMs;
    let perSecond;
    let seconds;
    if (this.inWindow > 0) {
      const end = drained ? this.last : open + this.durationMs;
      seconds = Math.max(end - open, 1) / 1000;
      perSecond = this.inWindow / seconds;
    } else {
      // Drained within the warm-up: the whole drain is the best figure there is.
      seconds = Math.max(this.last - this.first, 1) / 1000;
      perSecond = this.total / seconds;
    }
    this.onDone({ consumed: this.total, counted: this.inWindow > 0 ? this.inWindow : this.total, seconds, perSecond, drained });
  }
}

/** `--name value` pairs into an object. */
export function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || argv[i + 1] === undefined) throw new Error(`not understood: ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  return args;
}

/** Stops the process with an error if no delivery arrives at all. */
export function failIfIdle(meter, seconds) {
  setTimeout(() => {
    if (meter.first === null) {
      console.error(`no delivery within ${seconds} s`);
      process.exit(3);
    }
  }, seconds * 1000).unref();
}
