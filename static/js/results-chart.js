/* Draws the bar chart of final scores on the results page from the JSON that
   json_script put on the page. The ranking table carries the same numbers; without
   this script (or Chart.js) the chart stays hidden. */
(function () {
  "use strict";

  var BAR = "#0b5d6b";
  var NOMINEE = "#f2b705";
  var BAR_HEIGHT = 26;

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.resultsChart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    if (!spec.scores.length) {
      return;
    }
    var box = canvas.closest("[data-chart-box]");
    box.classList.remove("d-none");
    // One bar per ranked unit: the chart grows with the list instead of squeezing it.
    canvas.parentNode.style.height = (spec.scores.length * BAR_HEIGHT + 60) + "px";
    new window.Chart(canvas, {
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
    });
  }

  function drawAll() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-results-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
