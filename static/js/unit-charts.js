/* Draws the public unit page's charts from the JSON that json_script put on the page.
   Each chart's table is already there; without this script (or Chart.js) the charts stay
   hidden and the tables carry the figures. */
(function () {
  "use strict";

  var COLOURS = ["#0b5d6b", "#f2b705", "#6f42c1", "#d63384", "#198754"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chartData);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
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
    canvas.closest("[data-chart-box]").classList.remove("d-none");
    new window.Chart(canvas, {
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
    });
  }

  function drawAll() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart-data]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
