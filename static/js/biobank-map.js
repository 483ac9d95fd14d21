// The biobank map (/biobanks/map/, templates/community/biobanks/map.html): Leaflet draws the
// markers that community/biobanks/map.py put in the "biobank-map-data" JSON block. Without
// JavaScript (or without Leaflet) the section stays hidden and the list by city is the page.
// Names only ever reach the page as text (textContent, the marker's alt), never as HTML.
(function () {
  "use strict";
  var data = document.getElementById("biobank-map-data");
  var section = document.getElementById("biobank-map-section");
  var element = document.getElementById("biobank-map");
  if (!data || !section || !element || !window.L) return;
  var config = JSON.parse(data.textContent);
  if (!config || !config.markers || !config.markers.length) return;

  section.hidden = false; // before Leaflet measures the container
  var map = L.map(element, { scrollWheelZoom: false }); // the wheel keeps scrolling the page
  L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);

  // Leaflet finds its default icon through the CSS file's URL, which the hashed static files
  // break: name the images outright.
  var icon = L.icon(
    L.extend({}, L.Icon.Default.prototype.options, {
      iconUrl: config.icon,
      iconRetinaUrl: config.iconRetina,
      shadowUrl: config.shadow,
    })
  );

  function popupContent(item) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.name;
    box.appendChild(link);
    if (item.place) {
      var place = document.createElement("div");
      place.textContent = item.place;
      box.appendChild(place);
    }
    return box;
  }

  // The view first: Leaflet adds a marker (and makes its element) once the map has one.
  var bounds = config.markers.map(function (item) {
    return [item.lat, item.lng];
  });
  if (bounds.length === 1) map.setView(bounds[0], 12);
  else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12 });

  config.markers.forEach(function (item) {
    // keyboard: true (the default) makes the marker a focusable button; Enter opens the popup.
    var marker = L.marker([item.lat, item.lng], { icon: icon, alt: item.name, title: item.name });
    marker.bindPopup(popupContent(item)).addTo(map);
    var button = marker.getElement();
    button.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault(); // a button answers to Space too
        marker.openPopup();
      }
    });
    marker.on("popupopen", function (event) {
      var popup = event.popup.getElement();
      var link = popup && popup.querySelector(".leaflet-popup-content a");
      if (link) link.focus({ preventScroll: true });
      if (popup && !popup.dataset.escape) {
        popup.dataset.escape = "1";
        popup.addEventListener("keydown", function (key) {
          if (key.key === "Escape") marker.closePopup();
        });
      }
    });
    // Closed from inside (Escape, its close button): the focus goes back to the marker.
    marker.on("popupclose", function (event) {
      var popup = event.popup.getElement();
      var focused = document.activeElement;
      if (!focused || focused === document.body || (popup && popup.contains(focused))) {
        button.focus();
      }
    });
  });
})();
