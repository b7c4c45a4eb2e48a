/* Draws the calibration page's chart from the JSON that json_script put on the page:
   for each judge, the band of one standard deviation around the mean of their unit
   scores, their mean, and the other judges' mean. The per-judge table carries the same
   numbers; without this script (or Chart.js) the chart stays hidden. */
(function () {
  "use strict";

  var BAND = "rgba(11, 93, 107, 0.35)";
  var MEAN = "#0b5d6b";
  var OTHERS = "#b35c00";

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.calibrationChart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    if (!spec.labels.length) {
      return;
    }
    canvas.closest("[data-chart-box]").classList.remove("d-none");
    // Tooltips show the numbers as the server wrote them (68,75 or 68.75).
    var tooltipLabels = [spec.band_labels, spec.mean_labels, spec.others_labels];
    new window.Chart(canvas, {
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
    });
  }

  function drawAll() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-calibration-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
