/* The comparison page's sorted horizontal bar charts (see charts.js). Labels and values
   come formatted by the server in the page's language; each chart's table carries the
   same numbers. */
(function () {
  "use strict";

  window.kampungCharts.draw("canvas[data-comparison-chart]", "comparisonChart", function (spec, canvas) {
    if (!spec.values.length) {
      return null;
    }
    return window.kampungCharts.horizontalBars(canvas, {
      labels: spec.labels,
      values: spec.values,
      colours: "#0b5d6b",
      tooltips: spec.value_labels,
      x: spec.percent ? { min: 0, max: 100 } : { beginAtZero: true, ticks: { precision: 0 } },
      barHeight: 24
    });
  });
})();
