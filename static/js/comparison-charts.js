/* Draws the comparison page's sorted horizontal bar charts from the JSON that
   json_script put on the page. Labels and values come formatted by the server in the
   page's language; each chart's table carries the same numbers, so without this script
   (or Chart.js) the charts stay hidden. */
(function () {
  "use strict";

  var BAR = "#0b5d6b";
  var BAR_HEIGHT = 24;

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.comparisonChart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    if (!spec.values.length) {
      return;
    }
    canvas.closest("[data-chart-box]").classList.remove("d-none");
    // One bar per unit: the chart grows with the list instead of squeezing it.
    canvas.parentNode.style.height = (spec.values.length * BAR_HEIGHT + 60) + "px";
    new window.Chart(canvas, {
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
    });
  }

  function drawAll() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-comparison-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
