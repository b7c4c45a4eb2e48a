/* Draws the units on a Leaflet map from the JSON that json_script put on /peta/. The same
   units are in the table below the map, which stays the way to reach them without it. */
(function () {
  "use strict";

  function popup(marker) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    box.appendChild(link);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(marker.kelurahan));
    return box;
  }

  function draw() {
    var element = document.querySelector("[data-map-config]");
    var source = element && document.getElementById(element.dataset.mapConfig);
    if (!source || typeof window.L === "undefined") {
      return;
    }
    var config = JSON.parse(source.textContent);
    var map = window.L.map(element, { scrollWheelZoom: false });
    window.L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    var points = config.markers.map(function (marker) {
      window.L.circleMarker([marker.lat, marker.lng], {
        radius: 8,
        color: "#0b5d6b",
        weight: 2,
        fillColor: "#f2b705",
        fillOpacity: 0.9
      }).bindPopup(popup(marker)).addTo(map);
      return [marker.lat, marker.lng];
    });
    map.fitBounds(points, { padding: [24, 24], maxZoom: 15 });
    element.dataset.mapReady = "true";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
