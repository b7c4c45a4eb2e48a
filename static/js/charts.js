/* What every chart script shares. A page's script names its canvases and builds the
   Chart.js configuration from the JSON that json_script put on the page; this file finds
   that JSON, skips a chart without data, shows the chart's box (hidden until then, so
   without JavaScript or Chart.js the tables alone carry the figures) and draws once the
   page is parsed. Loaded after Chart.js and before the page's script (all deferred). */
window.kampungCharts = (function () {
  "use strict";

  function whenParsed(run) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
  }

  return {
    // `selector`: the canvases; `dataKey`: their data attribute (camelCase) naming the
    // JSON element; `build(spec, canvas)`: the configuration, or null to draw nothing.
    draw: function (selector, dataKey, build) {
      whenParsed(function () {
        if (typeof window.Chart === "undefined") {
          return;
        }
        document.querySelectorAll(selector).forEach(function (canvas) {
          var source = document.getElementById(canvas.dataset[dataKey]);
          if (!source) {
            return;
          }
          var config = build(JSON.parse(source.textContent), canvas);
          if (!config) {
            return;
          }
          canvas.closest("[data-chart-box]").classList.remove("d-none");
          new window.Chart(canvas, config);
        });
      });
    },
    // A sorted horizontal bar chart, one bar per row, growing with the list instead of
    // squeezing it. `bars`: labels, values, colours (one or one per bar), tooltips (the
    // numbers as the server wrote them, 84,13 or 84.13), x (the axis), barHeight.
    horizontalBars: function (canvas, bars) {
      canvas.parentNode.style.height = (bars.values.length * bars.barHeight + 60) + "px";
      return {
        type: "bar",
        data: {
          labels: bars.labels,
          datasets: [{ data: bars.values, backgroundColor: bars.colours }]
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
                  return bars.tooltips[context.dataIndex];
                }
              }
            }
          },
          scales: { x: bars.x, y: { ticks: { autoSkip: false } } }
        }
      };
    }
  };
})();
