/* The comparison page's sorted horizontal bar charts (see charts.js). Labels and values
   come formatted by the server in the page's language; each chart's table carries the
   same numbers. */
(function () {
  "use strict";

  var BAR = "#0b5d6b";
  var BAR_HEIGHT = 24;

  window.kampungCharts.draw("canvas[data-comparison-chart]", "comparisonChart", function (spec, canvas) {
    if (!spec.values.length) {
      return null;
    }
    window.kampungCharts.growWithBars(canvas, spec.values.length, BAR_HEIGHT);
    return {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: [{ data: spec.values, backgroundColor: BAR }]
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
              label: function (context) {
                return spec.value_labels[context.dataIndex];
              }
            }
          }
        },
        scales: {
          x: spec.percent ? { min: 0, max: 100 } : { beginAtZero: true, ticks: { precision: 0 } },
          y: { ticks: { autoSkip: false } }
        }
      }
    };
  });
})();
