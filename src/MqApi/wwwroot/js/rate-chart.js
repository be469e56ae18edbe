// A live line chart of message rates, drawn by uPlot (vendored from npm; the global uPlot).
//
// The chart also writes what it shows onto its element: data-samples (how many points), and for each series
// data-latest-<name> and data-peak-<name> (per second). Tests and people with screen readers read those; the
// canvas itself says nothing to either.

const seriesStyle = {
  publish: { label: "Published", stroke: "#d3541d" },
  deliver_get: { label: "Delivered", stroke: "#2f6fde" },
  ack: { label: "Acked", stroke: "#1f7a4a" },
};

export class RateChart {
  #element;
  #names;
  #plot = null;
  #resizeObserver;

  /**
   * @param {HTMLElement} element where the chart goes; it takes the element's width
   * @param {string[]} names the rates to draw, keys of each sample
   */
  constructor(element, names) {
    this.#element = element;
    this.#names = names;
    this.#resizeObserver = new ResizeObserver(() => this.#resize());
    this.#resizeObserver.observe(element);
  }

  /** Draws the samples ({time, <name>: per second or null}); a null leaves a gap instead of inventing a zero. */
  show(samples) {
    const data = [samples.map((s) => s.time), ...this.#names.map((name) => samples.map((s) => s[name]))];
    if (this.#plot === null) {
      if (this.#element.clientWidth === 0) return; // hidden: drawn when the view shows it again
      this.#plot = new globalThis.uPlot(this.#options(), data, this.#element);
    } else {
      this.#plot.setData(data);
    }
    this.#describe(samples);
  }

  #describe(samples) {
    const dataset = this.#element.dataset;
    dataset.samples = String(samples.length);
    for (const name of this.#names) {
      const values = samples.map((s) => s[name]).filter((v) => typeof v === "number");
      const key = name.replace(/_(\w)/g, (_, c) => c.toUpperCase()); // deliver_get -> deliverGet (data-latest-deliver-get)
      dataset[`latest${capitalize(key)}`] = values.length ? String(values.at(-1)) : "";
      dataset[`peak${capitalize(key)}`] = values.length ? String(Math.max(...values)) : "";
    }
  }

  #options() {
    return {
      width: this.#element.clientWidth,
      height: 220,
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
      scales: {
        // At least the last minute, so a fresh session reads as a window that fills up, not a zoom on seconds.
        x: { time: true, range: (_, min, max) => [Math.min(min, max - windowSeconds), max] },
        y: { range: (_, min, max) => [0, Math.max(1, max * 1.15)] },
      },
      axes: [
        { stroke: "#5f6b7a", space: 90, values: (_, ticks) => ticks.map(clockTime) },
        { stroke: "#5f6b7a", label: "messages/s", size: 56 },
      ],
      series: [
        {},
        ...this.#names.map((name) => ({ ...seriesStyle[name], width: 2, spanGaps: false, value: (_, v) => (v == null ? "–" : v.toFixed(1)) })),
      ],
    };
  }

  #resize() {
    if (this.#plot && this.#element.clientWidth > 0) this.#plot.setSize({ width: this.#element.clientWidth, height: 220 });
  }
}

const windowSeconds = 60;

function clockTime(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
