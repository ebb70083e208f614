// The graph explorer of the web workspace (templates/graph.html): a chart of entities
// drawn by sigma.js (WebGL) over a graphology graph. Everything it shows comes from the
// case's JSON API (routes/graph.py), which goes through the service: the neighbours of
// an entity by kind of link, the key players and brokers, the charts kept in the case.
// Layout: ForceAtlas2 in a web worker, stopped after a few seconds. Names, never ids,
// are the labels; no data is ever put into HTML (textContent only).
import Graph from "graphology";
import Sigma from "sigma";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import forceAtlas2 from "graphology-layout-forceatlas2";
import louvain from "graphology-communities-louvain";

const app = document.getElementById("graph-app");
const caseId = app ? app.dataset.case : null;
const api = (path) => `/cases/${encodeURIComponent(caseId)}/api/graph/${path}`;
const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
  "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];
const SCHEMA_COLOURS = {};
const TLP_RANK = { "TLP:CLEAR": 0, "TLP:GREEN": 1, "TLP:AMBER": 2, "TLP:AMBER+STRICT": 3, "TLP:RED": 4 };
const LAYOUT_MS = 3000;

const graph = new Graph({ multi: false, type: "undirected" });
const state = { highlighted: new Set(), expanded: new Map(), selected: null, layout: null,
  filters: { schema: "", from: "", until: "", weight: 0, tlp: "", measure: "degree" } };
let renderer = null;

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function status(text, error = false) {
  const out = document.getElementById("graph-status");
  out.textContent = text;
  out.classList.toggle("error", error);
}

async function ask(path, options = {}) {
  const headers = { Accept: "application/json", ...(options.headers || {}) };
  if (options.method && options.method !== "GET") headers["X-CSRF-Token"] = csrf();
  const response = await fetch(api(path), { ...options, headers, credentials: "same-origin" });
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  if (!response.ok) throw new Error((body && body.error) || `the workspace answered ${response.status}`);
  return body;
}

function schemaColour(schema) {
  if (!SCHEMA_COLOURS[schema]) {
    SCHEMA_COLOURS[schema] = PALETTE[Object.keys(SCHEMA_COLOURS).length % PALETTE.length];
  }
  return SCHEMA_COLOURS[schema];
}

// --- the chart's content ---------------------------------------------------------------

function addNode(node, near) {
  if (graph.hasNode(node.id)) return false;
  const base = near && graph.hasNode(near) ? graph.getNodeAttributes(near) : { x: 0, y: 0 };
  const angle = Math.random() * 2 * Math.PI;
  graph.addNode(node.id, {
    label: node.name, schema: node.schema || "Thing", handling_code: node.handling_code || "",
    first: node.first || null, last: node.last || null,
    x: node.x ?? base.x + Math.cos(angle) * (near ? 1 : 0.1),
    y: node.y ?? base.y + Math.sin(angle) * (near ? 1 : 0.1),
    size: 5, color: schemaColour(node.schema || "Thing"),
  });
  return true;
}

function addEdge(source, target, attrs) {
  if (source === target || !graph.hasNode(source) || !graph.hasNode(target)) return;
  const key = graph.edge(source, target);
  if (key) {
    const kinds = new Set(String(graph.getEdgeAttribute(key, "kind")).split(", "));
    kinds.add(attrs.kind);
    graph.mergeEdgeAttributes(key, { kind: [...kinds].join(", "),
      weight: Math.max(graph.getEdgeAttribute(key, "weight"), attrs.weight) });
    return;
  }
  graph.addEdge(source, target, { kind: attrs.kind, weight: attrs.weight || 1,
    first: attrs.first || null, last: attrs.last || null, size: 1, color: "#9aa5b5" });
}

async function neighbours(id) {
  if (!state.expanded.has(id)) {
    state.expanded.set(id, await ask(`neighbours?entity=${encodeURIComponent(id)}`));
  }
  return state.expanded.get(id);
}

async function openEntity(id) {
  try {
    const found = await neighbours(id);
    addNode({ ...found.entity });
    select(found.entity.id);
    refresh(true);
  } catch (error) {
    status(error.message, true);
  }
}

function expand(id, kind) {
  const found = state.expanded.get(id);
  if (!found) return 0;
  let added = 0;
  for (const n of found.neighbours) {
    if (kind && n.kind !== kind) continue;
    if (addNode(n, id)) added += 1;
    addEdge(id, n.id, n);
  }
  refresh(true);
  status(`${added.toLocaleString()} added${kind ? ` by ${kind}` : ""}`);
  return added;
}

async function select(id) {
  state.selected = id;
  const box = document.getElementById("graph-selected");
  box.replaceChildren(el("p", "Loading the links…", "hint"));
  let found;
  try {
    found = await neighbours(id);
  } catch (error) {
    box.replaceChildren(el("p", error.message, "error"));
    return;
  }
  const a = graph.getNodeAttributes(id);
  const head = el("h2", a.label);
  const badge = el("span", a.handling_code, `tlp tlp-${(a.handling_code || "").replace("TLP:", "").replace("+", "-").toLowerCase()}`);
  const facts = el("p", `${a.schema} · ${graph.degree(id).toLocaleString()} links on the chart`, "muted");
  const list = el("ul", null, "graph-kinds");
  const shown = {};
  for (const n of found.neighbours) shown[n.kind] = (shown[n.kind] || 0) + 1;
  for (const [kind, total] of Object.entries(found.kinds)) {
    const item = el("li");
    const button = el("button", `${kind} ${total.toLocaleString()}`);
    button.type = "button";
    button.dataset.kind = kind;
    button.addEventListener("click", () => expand(id, kind));
    item.append(button);
    if ((shown[kind] || 0) < total) {
      item.append(el("span", ` showing ${(shown[kind] || 0).toLocaleString()} of ${total.toLocaleString()}`, "muted"));
    }
    list.append(item);
  }
  const all = el("button", "Expand every kind");
  all.type = "button";
  all.id = "btn-expand-all";
  all.addEventListener("click", () => expand(id, null));
  const remove = el("button", "Remove from chart");
  remove.type = "button";
  remove.addEventListener("click", () => { graph.dropNode(id); state.selected = null;
    box.replaceChildren(); refresh(false); });
  box.replaceChildren(head, badge, facts, list, all, remove);
  if (found.withheld) box.append(el("p", `${found.withheld.toLocaleString()} values or links above your clearance are not shown`, "muted"));
}

// --- filters and measures ----------------------------------------------------------------

function filters() {
  return {
    schema: document.getElementById("f-schema").value,
    from: document.getElementById("f-from").value,
    until: document.getElementById("f-until").value,
    weight: Number(document.getElementById("f-weight").value || 0),
    tlp: document.getElementById("f-tlp").value,
    measure: document.getElementById("f-measure").value,
  };
}

function setFilters(saved) {
  for (const [key, value] of Object.entries(saved || {})) {
    const input = document.getElementById(`f-${key}`);
    if (input) input.value = value;
  }
}

function outsideDates(attrs, f) {
  if (!f.from && !f.until) return false;
  if (!attrs.first && !attrs.last) return false; // undated: kept
  if (f.from && attrs.last && attrs.last < f.from) return true;
  if (f.until && attrs.first && attrs.first >= f.until) return true;
  return false;
}

function nodeHidden(id, attrs, f) {
  if (f.schema && attrs.schema !== f.schema) return true;
  if (f.tlp && (TLP_RANK[attrs.handling_code] ?? 0) > TLP_RANK[f.tlp]) return true;
  return outsideDates(attrs, f);
}

function applyMeasure() {
  const f = filters();
  let communities = null;
  if (f.measure === "community" && graph.size > 0) communities = louvain(graph);
  graph.forEachNode((id, a) => {
    graph.mergeNodeAttributes(id, {
      size: 4 + Math.sqrt(graph.degree(id)) * 3,
      color: communities ? PALETTE[communities[id] % PALETTE.length] : schemaColour(a.schema),
    });
  });
  const schemas = new Set();
  graph.forEachNode((_id, a) => schemas.add(a.schema));
  const select = document.getElementById("f-schema");
  const current = select.value;
  select.replaceChildren(el("option", "(all)"));
  select.firstChild.value = "";
  for (const s of [...schemas].sort()) {
    const o = el("option", s);
    o.value = s;
    select.append(o);
  }
  select.value = current;
}

function refresh(layout) {
  state.filters = filters(); // read once per refresh, not per node drawn
  applyMeasure();
  if (renderer) renderer.refresh();
  counts();
  if (layout) runLayout();
}

function counts() {
  const f = filters();
  let shown = 0;
  graph.forEachNode((id, a) => { if (!nodeHidden(id, a, f)) shown += 1; });
  document.getElementById("graph-counts").textContent =
    `showing ${shown.toLocaleString()} of ${graph.order.toLocaleString()} nodes, ${graph.size.toLocaleString()} links`;
}

// --- layout -------------------------------------------------------------------------------

function runLayout(ms = LAYOUT_MS) {
  if (graph.order < 2) return Promise.resolve();
  if (state.layout) state.layout.kill();
  const layout = new FA2Layout(graph, { settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 500 } });
  state.layout = layout;
  layout.start();
  app.dataset.layout = "running";
  return new Promise((resolve) => setTimeout(() => {
    layout.stop();
    app.dataset.layout = "done";
    resolve();
  }, ms));
}

// --- analyses --------------------------------------------------------------------------------

async function highlight(path, what) {
  status(`${what}…`);
  try {
    const found = await ask(path, { method: "POST", body: JSON.stringify({ nodes: graph.nodes() }),
      headers: { "Content-Type": "application/json" } });
    state.highlighted = new Set(found.members.map((m) => m.id));
    const onChart = found.members.filter((m) => graph.hasNode(m.id)).length;
    const names = found.members.map((m) => m.name).join(", ");
    status(found.members.length
      ? `${what} of ${found.actors.toLocaleString()} actors: ${names} (${onChart} on the chart)${found.note ? `; ${found.note}` : ""}`
      : `no ${what.toLowerCase()} in the network you may read`);
    app.dataset.highlighted = [...state.highlighted].join("\n");
    if (renderer) renderer.refresh();
  } catch (error) {
    status(error.message, true);
  }
}

// --- charts -------------------------------------------------------------------------------------

function chartDocument(name, notes) {
  const nodes = [];
  graph.forEachNode((id, a) => nodes.push({ id, label: a.label, schema: a.schema,
    handling_code: a.handling_code, first: a.first, last: a.last, x: a.x, y: a.y }));
  const edges = [];
  graph.forEachEdge((_key, a, source, target) => edges.push({ source, target, kind: a.kind,
    weight: a.weight, first: a.first, last: a.last }));
  return { name, notes, nodes, edges, filters: filters() };
}

async function saveChart(event) {
  event.preventDefault();
  const name = document.getElementById("chart-name").value.trim();
  const notes = document.getElementById("chart-notes").value;
  try {
    const saved = await ask("charts", { method: "POST", body: JSON.stringify(chartDocument(name, notes)),
      headers: { "Content-Type": "application/json" } });
    status(`chart "${saved.name}" saved: ${saved.nodes.toLocaleString()} nodes`);
    await listCharts();
  } catch (error) {
    status(error.message, true);
  }
}

async function listCharts() {
  const charts = await ask("charts");
  const list = document.getElementById("graph-charts");
  list.replaceChildren();
  for (const c of charts) {
    const item = el("li");
    const link = el("a", c.name);
    link.href = `?chart=${encodeURIComponent(c.name)}`;
    link.dataset.chart = c.name;
    item.append(link, el("span", ` ${c.nodes.toLocaleString()} nodes · ${c.saved_by} · ${c.saved_at}`, "muted"));
    list.append(item);
  }
  if (!charts.length) list.append(el("li", "None yet.", "muted"));
}

async function openChart(name) {
  try {
    const chart = await ask(`charts/${encodeURIComponent(name)}`);
    graph.clear();
    state.expanded.clear();
    for (const n of chart.nodes) addNode({ ...n, name: n.label });
    for (const e of chart.edges) addEdge(e.source, e.target, e);
    setFilters(chart.filters);
    document.getElementById("chart-name").value = chart.name;
    document.getElementById("chart-notes").value = chart.notes || "";
    refresh(false);
    if (renderer) renderer.getCamera().reset();
    status(`chart "${chart.name}" by ${chart.saved_by}, ${chart.saved_at}` +
      (chart.withheld ? `; ${chart.withheld} nodes above your clearance left out` : ""));
    app.dataset.chartOpen = chart.name;
  } catch (error) {
    status(error.message, true);
  }
}

// --- export ---------------------------------------------------------------------------------------

function download(name, href) {
  const a = el("a");
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

function exportPng() {
  renderer.refresh();
  const stage = renderer.getStageCanvas();
  const out = document.createElement("canvas");
  out.width = stage.width;
  out.height = stage.height;
  const ctx = out.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  for (const canvas of document.querySelectorAll("#graph-canvas canvas")) {
    ctx.drawImage(canvas, 0, 0, out.width, out.height);
  }
  download("chart.png", out.toDataURL("image/png"));
}

function exportSvg() {
  const f = filters();
  const { width, height } = renderer.getDimensions();
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("xmlns", ns);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  const at = (id) => renderer.graphToViewport(graph.getNodeAttributes(id));
  graph.forEachEdge((_k, a, s, t, sa, ta) => {
    if (nodeHidden(s, sa, f) || nodeHidden(t, ta, f) || a.weight < f.weight) return;
    const [p, q] = [at(s), at(t)];
    const line = document.createElementNS(ns, "line");
    for (const [k, v] of Object.entries({ x1: p.x, y1: p.y, x2: q.x, y2: q.y, stroke: "#9aa5b5" })) line.setAttribute(k, v);
    svg.append(line);
  });
  graph.forEachNode((id, a) => {
    if (nodeHidden(id, a, f)) return;
    const p = at(id);
    const circle = document.createElementNS(ns, "circle");
    for (const [k, v] of Object.entries({ cx: p.x, cy: p.y, r: a.size, fill: a.color })) circle.setAttribute(k, v);
    const label = document.createElementNS(ns, "text");
    for (const [k, v] of Object.entries({ x: p.x + a.size + 2, y: p.y + 4, "font-size": 12, "font-family": "sans-serif" })) label.setAttribute(k, v);
    label.textContent = a.label;
    svg.append(circle, label);
  });
  const text = new XMLSerializer().serializeToString(svg);
  download("chart.svg", URL.createObjectURL(new Blob([text], { type: "image/svg+xml" })));
}

async function exportFile(format) {
  status(`exporting ${format}…`);
  const response = await fetch(api(`export?format=${format}`), {
    method: "POST", credentials: "same-origin", body: JSON.stringify({ nodes: graph.nodes() }),
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() } });
  if (!response.ok) {
    let message = `the workspace answered ${response.status}`;
    try { message = (await response.json()).error || message; } catch (_) { /* not JSON */ }
    status(message, true);
    return;
  }
  const name = format === "gexf" ? "chart.gexf" : "chart-i2.zip";
  download(name, URL.createObjectURL(await response.blob()));
  status(`${name} written (recorded as an export in the case)`);
}

// --- the page -----------------------------------------------------------------------------------

async function searchEntities(event) {
  event.preventDefault();
  const q = document.getElementById("graph-q").value.trim();
  const list = document.getElementById("graph-hits");
  list.replaceChildren();
  if (!q) return;
  try {
    const found = await ask(`search?q=${encodeURIComponent(q)}`);
    for (const hit of found.hits) {
      const item = el("li");
      const button = el("button", `${hit.name} (${hit.schema})`);
      button.type = "button";
      button.dataset.entity = hit.id;
      button.addEventListener("click", () => openEntity(hit.id));
      item.append(button);
      list.append(item);
    }
    if (found.total > found.hits.length) list.append(el("li", `showing ${found.hits.length.toLocaleString()} of ${found.total.toLocaleString()}`, "muted"));
    if (!found.hits.length) list.append(el("li", "No entity found among what you may see.", "muted"));
  } catch (error) {
    status(error.message, true);
  }
}

function start() {
  if (!app) return;
  const container = document.getElementById("graph-canvas");
  renderer = new Sigma(graph, container, {
    settings: { renderEdgeLabels: false, labelRenderedSizeThreshold: 4, itemSizesReference: "screen" },
    nodeReducer: (id, data, attrs) => {
      const f = state.filters;
      if (nodeHidden(id, attrs, f)) return { ...data, visibility: "hidden" };
      if (state.highlighted.size && state.highlighted.has(id)) {
        return { ...data, color: "#e8a400", size: data.size * 1.6, labelVisibility: "visible", highlighted: true };
      }
      if (id === state.selected) return { ...data, labelVisibility: "visible", highlighted: true };
      return data;
    },
    edgeReducer: (id, data, attrs) => {
      const f = state.filters;
      const [s, t] = graph.extremities(id);
      if (attrs.weight < f.weight || outsideDates(attrs, f) ||
          nodeHidden(s, graph.getNodeAttributes(s), f) || nodeHidden(t, graph.getNodeAttributes(t), f)) {
        return { ...data, visibility: "hidden" };
      }
      return { ...data, size: Math.min(1 + Math.log2(attrs.weight || 1), 6) };
    },
  });
  renderer.on("clickNode", ({ node }) => select(node));
  document.getElementById("graph-search").addEventListener("submit", searchEntities);
  document.getElementById("graph-save").addEventListener("submit", saveChart);
  document.getElementById("btn-keyplayers").addEventListener("click", () => highlight("keyplayers?k=3", "Key players"));
  document.getElementById("btn-brokers").addEventListener("click", () => highlight("brokers", "Brokers"));
  document.getElementById("btn-layout").addEventListener("click", () => runLayout());
  document.getElementById("btn-png").addEventListener("click", exportPng);
  document.getElementById("btn-svg").addEventListener("click", exportSvg);
  document.getElementById("btn-gexf").addEventListener("click", () => exportFile("gexf"));
  document.getElementById("btn-i2").addEventListener("click", () => exportFile("i2"));
  for (const id of ["f-schema", "f-from", "f-until", "f-weight", "f-tlp", "f-measure"]) {
    document.getElementById(id).addEventListener("change", () => refresh(false));
  }
  document.getElementById("graph-charts").addEventListener("click", (event) => {
    const link = event.target.closest("a[data-chart]");
    if (!link) return;
    event.preventDefault();
    openChart(link.dataset.chart);
  });
  if (app.dataset.chart) openChart(app.dataset.chart);
  else if (app.dataset.entity) openEntity(app.dataset.entity);
  counts();
  // for the tests and the timing of large graphs: the chart as data, never as markup
  window.tnocGraph = { graph, renderer, runLayout, refresh, state,
    load: (data) => { graph.clear(); graph.import(data); refresh(false); },
    layoutSteps: (iterations) => forceAtlas2.assign(graph, { iterations,
      settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 500 } }) };
}

start();
