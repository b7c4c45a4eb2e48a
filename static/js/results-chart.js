/* The bar chart of final scores on the results page (see charts.js): the unit put
   forward stands out. The ranking table carries the same numbers. */
(function () {
  "use strict";

  var BAR = "#0b5d6b";
  var NOMINEE = "#f2b705";

  window.kampungCharts.draw("canvas[data-results-chart]", "resultsChart", function (spec, canvas) {
    if (!spec.scores.length) {
      return null;
    }
    return window.kampungCharts.horizontalBars(canvas, {
      labels: spec.labels.map(function (label, index) {
        return spec.ranks[index] + ". " + label;
      }),
      values: spec.scores,
      colours: spec.nominee.map(function (isNominee) {
        return isNominee ? NOMINEE : BAR;
      }),
      tooltips: spec.score_labels,
      x: { min: 0, max: 100 },
      barHeight: 26
    });
  });
})();
