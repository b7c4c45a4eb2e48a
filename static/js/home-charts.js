/* Draws the home page's chart of units per level from the JSON that json_script put on
   the page. The table beside it carries the same counts; without this script (or
   Chart.js) the chart stays hidden. Counts are whole numbers, so the axis steps by 1. */
(function () {
  "use strict";

  var COLOUR = "#0b5d6b";

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chartData);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    canvas.closest("[data-chart-box]").classList.remove("d-none");
    new window.Chart(canvas, {
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
    });
  }

  function drawAll() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-home-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
