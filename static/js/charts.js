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
    // One bar per row: the chart grows with the list instead of squeezing it.
    growWithBars: function (canvas, count, barHeight) {
      canvas.parentNode.style.height = (count * barHeight + 60) + "px";
    }
  };
})();
