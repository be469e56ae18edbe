// Overview: totals and the message-rate chart, both from the overview the server pushes over the hub.
import { $, count, rate } from "../dom.js";
import { RateNames, rateOf } from "../live-overview.js";
import { RateChart } from "../rate-chart.js";

export function createOverviewView(context) {
  const section = document.querySelector('section.view[data-view="overview"]');
  const chart = new RateChart($("rate-chart"), RateNames);

  function show() {
    const live = context.session().overview;
    if (live.latest) render(live.latest);
  }

  function render(overview) {
    for (const figure of section.querySelectorAll("[data-figure]")) {
      const [group, name] = figure.dataset.figure.split(".");
      figure.textContent = count(overview[group]?.[name]);
    }
    const stats = overview.message_stats ?? {};
    const rates = Object.fromEntries(RateNames.map((name) => [name, rateOf(stats, name)]));
    for (const name of RateNames) {
      section.querySelector(`[data-series="${name}"] strong`).textContent = rate(rates[name]);
    }
    $("rates-missing").hidden = RateNames.some((name) => rates[name] !== null);
    chart.show(context.session().overview.samples);
  }

  return { show, hide() {}, onOverview: render };
}
