/* The calibration page's chart (see charts.js): for each judge, the band of one
   standard deviation around the mean of their unit scores, their mean, and the other
   judges' mean. The per-judge table carries the same numbers. */
(function () {
  "use strict";

  var BAND = "rgba(11, 93, 107, 0.35)";
  var MEAN = "#0b5d6b";
  var OTHERS = "#b35c00";

  window.kampungCharts.draw("canvas[data-calibration-chart]", "calibrationChart", function (spec) {
    if (!spec.labels.length) {
      return null;
    }
    // Tooltips show the numbers as the server wrote them (68,75 or 68.75).
    var tooltipLabels = [spec.band_labels, spec.mean_labels, spec.others_labels];
    return {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: [
          { label: spec.legend.band, data: spec.bands, backgroundColor: BAND, order: 2 },
          {
            label: spec.legend.mean, data: spec.means, type: "line", showLine: false,
            pointStyle: "rectRot", pointRadius: 7, backgroundColor: MEAN, borderColor: MEAN,
            order: 1
          },
          {
            label: spec.legend.others, data: spec.others, type: "line", showLine: false,
            pointStyle: "crossRot", pointRadius: 8, borderWidth: 3, borderColor: OTHERS,
            backgroundColor: OTHERS, order: 0
          }
        ]
      },
      options: {
        responsive: true,
        aspectRatio: 1.2,
        animation: false,
        plugins: {
          tooltip: {
            callbacks: {
              label: function (context) {
                var text = tooltipLabels[context.datasetIndex][context.dataIndex];
                return context.dataset.label + ": " + text;
              }
            }
          }
        },
        scales: { y: { min: 0, max: 100 } }
      }
    };
  });
})();
