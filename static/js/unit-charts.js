/* The public unit page's charts (see charts.js). Each chart's table is already there and
   carries the figures. */
(function () {
  "use strict";

  var COLOURS = ["#0b5d6b", "#f2b705", "#6f42c1", "#d63384", "#198754"];

  window.kampungCharts.draw("canvas[data-chart-data]", "chartData", function (spec) {
    var datasets = spec.datasets.map(function (dataset, index) {
      var colour = COLOURS[index % COLOURS.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: colour,
        borderColor: colour,
        tension: 0.2
      };
    });
    return {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        locale: document.documentElement.lang || "id",
        responsive: true,
        aspectRatio: 1.6,
        animation: false,
        plugins: { legend: { display: datasets.length > 1 } },
        scales: { y: { beginAtZero: true } }
      }
    };
  });
})();
