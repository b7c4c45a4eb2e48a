/* The bar chart of final scores on the results page (see charts.js). The ranking table
   carries the same numbers. */
(function () {
  "use strict";

  var BAR = "#0b5d6b";
  var NOMINEE = "#f2b705";
  var BAR_HEIGHT = 26;

  window.kampungCharts.draw("canvas[data-results-chart]", "resultsChart", function (spec, canvas) {
    if (!spec.scores.length) {
      return null;
    }
    window.kampungCharts.growWithBars(canvas, spec.scores.length, BAR_HEIGHT);
    return {
      type: "bar",
      data: {
        labels: spec.labels.map(function (label, index) {
          return spec.ranks[index] + ". " + label;
        }),
        datasets: [{
          data: spec.scores,
          backgroundColor: spec.nominee.map(function (isNominee) {
            return isNominee ? NOMINEE : BAR;
          })
        }]
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              // Written by the server in the page's language (84,13 or 84.13).
              label: function (context) {
                return spec.score_labels[context.dataIndex];
              }
            }
          }
        },
        scales: {
          x: { min: 0, max: 100 },
          y: { ticks: { autoSkip: false } }
        }
      }
    };
  });
})();
