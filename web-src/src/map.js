// The map of the case (issue #22, item 4): MapLibre with no tile server, only local
// GeoJSON sources: the Natural Earth countries (public domain) served by the workspace,
// the located entities as circles per country and kind of locator, and the flows
// between countries as lines. No symbol (text) layer, so no glyphs are fetched; popups
// are DOM nodes filled with text, never HTML.
import * as maplibregl from "maplibre-gl";

const KIND_COLOURS = { ip: "#d62728", phone: "#1f77b4", place: "#9467bd", wallet: "#ff7f0e" };
const FLOW_COLOURS = { payments: "#2ca02c", listings: "#8c564b", victims: "#e377c2" };
// circles of one country side by side, one per kind of locator (degrees)
const OFFSETS = { ip: [-1.6, 0], phone: [1.6, 0], place: [0, -1.6], wallet: [0, 1.6] };

function text(tag, value) {
  const el = document.createElement(tag);
  el.textContent = value;
  return el;
}

function places(data) {
  return {
    type: "FeatureCollection",
    features: data.places.map((p, i) => {
      const [dx, dy] = OFFSETS[p.kind] || [0, 0];
      return { type: "Feature", id: i, geometry: { type: "Point", coordinates: [p.lon + dx, p.lat + dy] },
        properties: { i, kind: p.kind, entities: p.entities } };
    }),
  };
}

function flows(data) {
  const features = [];
  for (const [kind, rows] of Object.entries(data.flows)) {
    rows.forEach((f, i) => features.push({ type: "Feature",
      geometry: { type: "LineString", coordinates: [f.from, f.to] },
      properties: { kind, i, weight: f.weight } }));
  }
  return { type: "FeatureCollection", features };
}

// the worker is served by the workspace (same origin: CSP worker-src 'self')
maplibregl.setWorkerUrl("/static/bundle/maplibre-gl-worker.mjs");

// the map's data comes in the section the page loads after it (htmx; computed in the
// background the first time in a state of the case): drawn once it has arrived
function start() {
  const holder = document.getElementById("map");
  const block = document.getElementById("map-data");
  if (!holder || !block || holder.dataset.started) return;
  holder.dataset.started = "1";
  const data = JSON.parse(block.dataset.map);
  const countries = new URL(holder.dataset.countries, window.location.href).href;
  const map = new maplibregl.Map({
    container: holder, center: [10, 35], zoom: 1.2, attributionControl: false,
    style: {
      version: 8,
      sources: {
        countries: { type: "geojson", data: countries },
        flows: { type: "geojson", data: flows(data) },
        places: { type: "geojson", data: places(data) },
      },
      layers: [
        { id: "sea", type: "background", paint: { "background-color": "#dbe9f4" } },
        { id: "land", type: "fill", source: "countries", paint: { "fill-color": "#f2efe9" } },
        { id: "borders", type: "line", source: "countries", paint: { "line-color": "#9a9a9a", "line-width": 0.6 } },
        { id: "flows", type: "line", source: "flows", paint: {
          "line-color": ["match", ["get", "kind"], ...Object.entries(FLOW_COLOURS).flat(), "#555"],
          "line-width": ["interpolate", ["linear"], ["ln", ["+", 1, ["get", "weight"]]], 0, 1, 8, 6],
          "line-opacity": 0.7 } },
        { id: "places", type: "circle", source: "places", paint: {
          "circle-color": ["match", ["get", "kind"], ...Object.entries(KIND_COLOURS).flat(), "#555"],
          "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "entities"]], 1, 5, 30, 24],
          "circle-stroke-color": "#fff", "circle-stroke-width": 1, "circle-opacity": 0.85 } },
      ],
    },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false });
  map.on("mousemove", "places", (e) => {
    const p = data.places[e.features[0].properties.i];
    const box = document.createElement("div");
    box.append(text("strong", `${p.country_name}: ${p.entities.toLocaleString()} located by ${p.kind}`));
    const list = document.createElement("ul");
    p.names.slice(0, 10).forEach((n) => list.append(text("li", n)));
    if (p.names.length > 10) list.append(text("li", `showing 10 of ${p.names.length.toLocaleString()}`));
    box.append(list);
    popup.setLngLat(e.lngLat).setDOMContent(box).addTo(map);
  });
  map.on("mousemove", "flows", (e) => {
    const props = e.features[0].properties;
    const f = data.flows[props.kind][props.i];
    const amounts = Object.entries(f.amounts).map(([c, a]) =>
      `${a.toLocaleString(undefined, { maximumFractionDigits: 2 })} ${c}`).join("; ");
    const box = document.createElement("div");
    box.append(text("strong", `${f.origin_name} → ${f.destination_name}`),
      text("div", `${f.weight.toLocaleString()} ${props.kind}${amounts ? ": " + amounts : ""}`));
    popup.setLngLat(e.lngLat).setDOMContent(box).addTo(map);
  });
  for (const layer of ["places", "flows"]) map.on("mouseleave", layer, () => popup.remove());
  map.on("idle", () => holder.setAttribute("data-ready", "1"));
  window.tnocMap = map;
}

document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", start) : start();
document.addEventListener("htmx:load", start);
