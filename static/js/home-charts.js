/* The home page's chart of units per level (see charts.js). The table beside it carries
   the same counts. Counts are whole numbers, so the axis steps by 1. */
(function () {
  "use strict";

  var COLOUR = "#0b5d6b";

  window.kampungCharts.draw("canvas[data-home-chart]", "chartData", function (spec) {
    return {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (dataset) {
          return { label: dataset.label, data: dataset.data, backgroundColor: COLOUR };
        })
      },
      options: {
        locale: document.documentElement.lang || "id",
        responsive: true,
        aspectRatio: 2,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    };
  });
})();
