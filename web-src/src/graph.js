// The graph explorer of the web workspace (templates/graph.html): a chart of entities
// drawn by sigma.js (WebGL) over a graphology graph. Everything it shows comes from the
// case's JSON API (routes/graph.py), which goes through the service: the neighbours of
// an entity by kind of link, the key players and brokers, the charts kept in the case.
// Layout: ForceAtlas2 in a web worker, stopped after a few seconds. Names, never ids,
// are the labels; no data is ever put into HTML (textContent only).
import Graph from "graphology";
import Sigma from "sigma";
import { DEFAULT_PRIMITIVES } from "sigma/primitives";
import { pathLine } from "sigma/rendering";
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
const NODE_COVER = 0.15; // the largest share of the canvas the nodes cover (applyMeasure)

const graph = new Graph({ multi: false, type: "undirected" });
const state = { highlighted: new Set(), expanded: new Map(), selected: null, layout: null,
  filters: { schema: "", from: "", until: "", weight: 0, tlp: "", measure: "degree" },
  // marked nodes (shift-click) for a path, a disruption preview or a group; the path
  // drawn; the actors removed in the disruption preview; the groups collapsed (group
  // id -> its members' attributes and their links); the links' date window (days)
  marked: new Set(), path: null, removed: null, groups: new Map(), groupCount: 0,
  window: null, communities: null,
  // the server's measure the chart is sized by ({key, name, values}) and the asking
  // in flight (serverMeasure)
  measure: null, measureAsked: null,
  // the layout's copy of the chart's structure; the cost of the last frame drawn (ms)
  // and the promise of its measure (measureFrame)
  layoutCopy: null, frameMs: 0, drawn: Promise.resolve() };
const DAY = 86400000;
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
    first: node.first || null, last: node.last || null, note: node.note || "",
    group: node.group || false,
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

// sigma answers every node and link added to the graph with processing of its own (a
// partial refresh each, applying the reducers): a chart of 5,000 nodes and 20,000
// links loaded that way spent most of its load time there. What is added in bulk (a
// chart opened or loaded, an expansion) is added with sigma's graph handlers unbound,
// and processed once by the full refresh the caller does next (refresh()).
function inBulk(add) {
  if (!renderer) return add();
  renderer.unbindGraphHandlers();
  try {
    return add();
  } finally {
    renderer.bindGraphHandlers();
  }
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
  inBulk(() => {
    for (const n of found.neighbours) {
      if (kind && n.kind !== kind) continue;
      if (addNode(n, id)) added += 1;
      // the link's weight: the ties joining the two by any kind (a call either way),
      // not the ties of this kind (n.weight), which would count one call of two
      addEdge(id, n.id, { ...n, weight: n.ties || n.weight });
    }
  });
  refresh(true);
  status(`${added.toLocaleString()} added${kind ? ` by ${kind}` : ""}`);
  return added;
}

async function select(id) {
  state.selected = id;
  const box = document.getElementById("graph-selected");
  box.replaceChildren(el("p", "Loading the links…", "hint"));
  let found;
  if (graph.hasNode(id) && graph.getNodeAttribute(id, "group")) { selectGroup(id); return; }
  try {
    found = await neighbours(id);
  } catch (error) {
    if (state.selected === id) box.replaceChildren(el("p", error.message, "error"));
    return;
  }
  // another node was selected while this one's links loaded: its panel, not this one
  if (state.selected !== id || !graph.hasNode(id)) return;
  const a = graph.getNodeAttributes(id);
  if (a.group) { selectGroup(id); return; }
  const head = el("h2", a.label);
  const badge = el("span", a.handling_code, `tlp tlp-${(a.handling_code || "").replace("TLP:", "").replace("+", "-").toLowerCase()}`);
  const facts = el("p", null, "muted");
  facts.id = "selected-facts";
  selectedFacts(facts, id);
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
  const mark = el("button", state.marked.has(id) ? "Unmark" : "Mark");
  mark.type = "button";
  mark.id = "btn-mark";
  mark.addEventListener("click", () => { toggleMark(id); mark.textContent = state.marked.has(id) ? "Unmark" : "Mark"; });
  const extra = [mark];
  if (state.communities && state.communities[id] !== undefined) {
    const community = el("button", "Group its community");
    community.type = "button";
    community.id = "btn-group-community";
    community.addEventListener("click", () => {
      const c = state.communities[id];
      collapse(graph.filterNodes((n) => state.communities[n] === c && !graph.getNodeAttribute(n, "group")));
    });
    extra.push(community);
  }
  box.replaceChildren(head, badge, facts, list, all, remove, ...extra, noteEditor(id));
  if (found.withheld) box.append(el("p", `${found.withheld.toLocaleString()} values or links above your clearance are not shown`, "muted"));
}

function selectedFacts(facts, id) {
  const a = graph.getNodeAttributes(id);
  facts.textContent = `${a.schema} · ${graph.degree(id).toLocaleString()} links on the chart`;
}

function noteEditor(id) {
  // a note on the node, kept with the chart when it is saved (chartDocument)
  const wrap = el("div");
  const label = el("label", "Note on this node");
  label.htmlFor = "node-note";
  const note = el("textarea", null, "graph-note");
  note.id = "node-note";
  note.rows = 2;
  note.value = graph.getNodeAttribute(id, "note") || "";
  note.addEventListener("input", () => {
    if (graph.hasNode(id)) graph.setNodeAttribute(id, "note", note.value);
    if (renderer) renderer.refresh();
  });
  wrap.append(label, note);
  return wrap;
}

// --- marked nodes: path, disruption preview, groups ------------------------------------------

function toggleMark(id) {
  if (state.marked.has(id)) state.marked.delete(id); else state.marked.add(id);
  showMarked();
}

function showMarked() {
  for (const id of [...state.marked]) if (!graph.hasNode(id)) state.marked.delete(id);
  const names = [...state.marked].map((id) => graph.getNodeAttribute(id, "label"));
  document.getElementById("marked-list").textContent = names.length
    ? `${names.length.toLocaleString()} marked: ${names.join(", ")}` : "None marked.";
  app.dataset.marked = [...state.marked].join("\n");
  if (renderer) renderer.refresh();
}

function hopText(hop) {
  const dates = hop.first ? (hop.first === hop.last ? hop.first : `${hop.first} to ${hop.last}`) : "undated";
  return `${hop.kinds.join(", ") || "link"} · ${dates} · ${hop.ties.toLocaleString()} ${hop.ties === 1 ? "tie" : "ties"}`;
}

async function findPath() {
  const marked = [...state.marked];
  const box = document.getElementById("graph-path");
  if (marked.length !== 2 || marked.some((id) => graph.getNodeAttribute(id, "group"))) {
    status("mark exactly two nodes (not groups) for a path", true);
    return;
  }
  status("finding the path…");
  let found;
  try {
    found = await ask(`path?source=${encodeURIComponent(marked[0])}&target=${encodeURIComponent(marked[1])}`);
  } catch (error) {
    status(error.message, true);
    return;
  }
  const head = el("h2", `Path: ${found.source.name} to ${found.target.name}`);
  if (!found.paths.length) {
    state.path = null;
    box.replaceChildren(head, el("p", found.reason));
    status(found.reason);
    if (renderer) renderer.refresh();
    return;
  }
  const path = found.paths[0];
  const list = el("ol");
  const edges = new Set();
  let added = 0;
  for (const hop of path.hops) {
    // an actor of the path not yet on the chart is added to it, with the hop's link
    if (addNode({ id: hop.target.id, name: hop.target.name }, hop.source.id)) added += 1;
    if (addNode({ id: hop.source.id, name: hop.source.name }, hop.target.id)) added += 1;
    addEdge(hop.source.id, hop.target.id, { kind: hop.kinds.join(", "), weight: hop.ties,
      first: hop.first, last: hop.last });
    edges.add(graph.edge(hop.source.id, hop.target.id));
    const item = el("li");
    item.append(el("strong", `${hop.source.name} — ${hop.target.name}`), el("br"),
      el("span", hopText(hop), "muted"));
    const evidence = el("ul");
    for (const tie of hop.evidence) {
      const day = tie.first ? (tie.first === tie.last ? `, ${tie.first}` : `, ${tie.first} to ${tie.last}`) : "";
      const line = el("li", `${tie.file}, ${tie.row} (${tie.kind}${day})`);
      line.title = `sha256 ${tie.sha256}`;
      evidence.append(line);
    }
    if (hop.ties > hop.evidence.length) {
      evidence.append(el("li", `showing ${hop.evidence.length.toLocaleString()} of ${hop.ties.toLocaleString()} ties`, "muted"));
    }
    item.append(evidence);
    list.append(item);
  }
  state.path = { nodes: new Set(path.nodes), edges };
  app.dataset.path = path.nodes.join("\n");
  box.replaceChildren(head, el("p", `${path.hops.length.toLocaleString()} ${path.hops.length === 1 ? "hop" : "hops"} on the network you may read${found.note ? `; ${found.note}` : ""}`, "muted"), list);
  refresh(true); // laid out again: the path's links (and actors) are new on the chart
  status(`path of ${path.hops.length} hops drawn${added ? `, ${added} actors added to the chart` : ""}`);
}

function componentSizes(removed) {
  // the connected components of the chart's graph without the actors ``removed``,
  // largest first (breadth-first search on graphology's adjacency)
  const seen = new Set(removed);
  const sizes = [];
  graph.forEachNode((start) => {
    if (seen.has(start)) return;
    seen.add(start);
    let size = 0;
    const queue = [start];
    while (queue.length) {
      const node = queue.pop();
      size += 1;
      graph.forEachNeighbor(node, (next) => {
        if (!seen.has(next)) { seen.add(next); queue.push(next); }
      });
    }
    sizes.push(size);
  });
  return sizes.sort((a, b) => b - a);
}

function disruptionPreview() {
  const box = document.getElementById("graph-disruption");
  if (!state.marked.size) {
    status("mark the actors to remove first", true);
    return;
  }
  const removed = new Set(state.marked);
  const before = componentSizes(new Set());
  const after = componentSizes(removed);
  state.removed = removed;
  const table = el("table");
  const row = (cells, tag = "td") => {
    const tr = el("tr");
    for (const c of cells) tr.append(el(tag, c));
    return tr;
  };
  table.append(row(["", "before", "after"], "th"),
    row(["actors", graph.order.toLocaleString(), (graph.order - removed.size).toLocaleString()]),
    row(["largest component", (before[0] || 0).toLocaleString(), (after[0] || 0).toLocaleString()]),
    row(["components", before.length.toLocaleString(), after.length.toLocaleString()]));
  const names = [...removed].map((id) => graph.getNodeAttribute(id, "label")).join(", ");
  const undo = el("button", "End the preview");
  undo.type = "button";
  undo.id = "btn-disrupt-end";
  undo.addEventListener("click", () => { state.removed = null; box.replaceChildren();
    delete app.dataset.disruption; if (renderer) renderer.refresh(); counts(); });
  box.replaceChildren(el("h2", "Disruption preview"), el("p", `Removing ${names}:`), table,
    el("p", "A preview on the chart's graph only, not on the case's network: " +
      "'tnoc network disrupt' is the case-wide analysis.", "muted"), undo);
  app.dataset.disruption = JSON.stringify({ before: [before[0] || 0, before.length],
    after: [after[0] || 0, after.length] });
  if (renderer) renderer.refresh();
  counts();
}

function groupLabel(names) {
  const shown = names.slice(0, 3).join(", ");
  return `${names.length} grouped: ${shown}${names.length > 3 ? ` and ${names.length - 3} more` : ""}`;
}

function collapse(ids) {
  // collapse the nodes ``ids`` into one group node whose links are the union of theirs
  // (kinds joined, weights added, dates widened); expandGroup restores them
  const members = ids.filter((id) => graph.hasNode(id) && !graph.getNodeAttribute(id, "group"));
  if (members.length < 2) {
    status("mark two nodes or more (not groups) to group them", true);
    return null;
  }
  state.groupCount += 1;
  const gid = `group-${state.groupCount}`;
  const inside = new Set(members);
  const saved = { members: members.map((id) => ({ id, attrs: { ...graph.getNodeAttributes(id) } })), edges: [] };
  const seen = new Set();
  let x = 0;
  let y = 0;
  for (const id of members) {
    const a = graph.getNodeAttributes(id);
    x += a.x / members.length;
    y += a.y / members.length;
    graph.forEachEdge(id, (key, attrs, source, target) => {
      if (seen.has(key)) return;
      seen.add(key);
      saved.edges.push({ source, target, attrs: { ...attrs } });
    });
  }
  const codes = members.map((id) => graph.getNodeAttribute(id, "handling_code"));
  const strictest = codes.reduce((a, b) => ((TLP_RANK[b] ?? -1) > (TLP_RANK[a] ?? -1) ? b : a), "");
  graph.addNode(gid, { label: groupLabel(members.map((id) => graph.getNodeAttribute(id, "label"))),
    schema: "Group", group: true, handling_code: strictest, first: null, last: null, note: "",
    x, y, size: 8, color: "#444" });
  for (const e of saved.edges) {
    const other = inside.has(e.source) ? e.target : e.source;
    if (inside.has(other)) continue;
    const key = graph.edge(gid, other);
    if (key) {
      const a = graph.getEdgeAttributes(key);
      const kinds = new Set([...String(a.kind).split(", "), ...String(e.attrs.kind).split(", ")]);
      graph.mergeEdgeAttributes(key, { kind: [...kinds].join(", "), weight: a.weight + (e.attrs.weight || 1),
        first: [a.first, e.attrs.first].filter(Boolean).sort()[0] || null,
        last: [a.last, e.attrs.last].filter(Boolean).sort().pop() || null });
    } else {
      graph.addEdge(gid, other, { ...e.attrs });
    }
  }
  for (const id of members) { graph.dropNode(id); state.marked.delete(id); }
  state.groups.set(gid, saved);
  state.marked.clear();
  showMarked();
  refresh(false);
  select(gid);
  status(`${members.length} nodes grouped`);
  return gid;
}

function placeOf(id) {
  // where a node is on the chart: itself, or the group it was collapsed into
  if (graph.hasNode(id)) return id;
  for (const [gid, saved] of state.groups) if (saved.members.some((m) => m.id === id)) return placeOf(gid);
  return null;
}

function expandGroup(gid) {
  const saved = state.groups.get(gid);
  if (!saved) return;
  graph.dropNode(gid);
  state.groups.delete(gid);
  for (const m of saved.members) graph.addNode(m.id, { ...m.attrs });
  for (const e of saved.edges) {
    const [s, t] = [placeOf(e.source), placeOf(e.target)];
    if (s && t && s !== t && !graph.hasEdge(s, t)) graph.addEdge(s, t, { ...e.attrs });
  }
  state.selected = null;
  document.getElementById("graph-selected").replaceChildren();
  refresh(false);
  status(`${saved.members.length} nodes expanded from the group`);
}

function selectGroup(gid) {
  state.selected = gid;
  const box = document.getElementById("graph-selected");
  const saved = state.groups.get(gid);
  const facts = el("p", null, "muted");
  facts.id = "selected-facts";
  selectedFacts(facts, gid);
  const members = el("ul", null, "graph-kinds");
  for (const m of saved.members) members.append(el("li", m.attrs.label));
  const button = el("button", "Expand the group");
  button.type = "button";
  button.id = "btn-expand-group";
  button.addEventListener("click", () => expandGroup(gid));
  box.replaceChildren(el("h2", graph.getNodeAttribute(gid, "label")), facts, members, button);
}

function realChart() {
  // the chart's actors and links with every group expanded: what is saved, exported
  // and analysed (a group is a drawing, not an entity of the case)
  const nodes = [];
  const edges = [];
  const unfold = (gid) => {
    for (const m of state.groups.get(gid).members) {
      if (m.attrs.group) unfold(m.id); else nodes.push({ id: m.id, ...m.attrs });
    }
    for (const e of state.groups.get(gid).edges) {
      if (!String(e.source).startsWith("group-") && !String(e.target).startsWith("group-")) {
        edges.push({ source: e.source, target: e.target, ...e.attrs });
      }
    }
  };
  graph.forEachNode((id, a) => { if (a.group) unfold(id); else nodes.push({ id, ...a }); });
  graph.forEachEdge((_k, a, source, target, sa, ta) => {
    if (!sa.group && !ta.group) edges.push({ source, target, ...a });
  });
  return { nodes, edges };
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
  // dated outside the filter's days, both included (as the "Links by date" window: a
  // link of the "Until" day was hidden); undated: kept
  if (!f.from && !f.until) return false;
  if (!attrs.first && !attrs.last) return false; // undated: kept
  const day = (d) => String(d).slice(0, 10);
  if (f.from && day(attrs.last || attrs.first) < f.from) return true;
  if (f.until && day(attrs.first || attrs.last) > f.until) return true;
  return false;
}

function outsideWindow(attrs) {
  if (!state.window || (!attrs.first && !attrs.last)) return false; // undated: kept
  const [from, until] = state.window;
  const day = (d) => String(d).slice(0, 10);
  return day(attrs.last || attrs.first) < from || day(attrs.first || attrs.last) > until;
}

function edgeHidden(key, attrs, f) {
  const [s, t] = graph.extremities(key);
  if (state.removed && (state.removed.has(s) || state.removed.has(t))) return true;
  return attrs.weight < f.weight || outsideDates(attrs, f) || outsideWindow(attrs) ||
    nodeHidden(s, graph.getNodeAttributes(s), f) || nodeHidden(t, graph.getNodeAttributes(t), f);
}

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

function timeSlider() {
  // the range of the chart's link dates, in days; the window kept while it fits
  let low = null;
  let high = null;
  graph.forEachEdge((_k, a) => {
    for (const d of [a.first, a.last]) {
      if (!d) continue;
      const day = String(d).slice(0, 10);
      if (!low || day < low) low = day;
      if (!high || day > high) high = day;
    }
  });
  const from = document.getElementById("t-from");
  const until = document.getElementById("t-until");
  if (!low) {
    from.max = until.max = "0";
    from.disabled = until.disabled = true;
    state.window = null;
    document.getElementById("t-from-day").textContent = document.getElementById("t-until-day").textContent = "";
    return;
  }
  from.disabled = until.disabled = false;
  const span = Math.round((Date.parse(high) - Date.parse(low)) / DAY);
  if (from.dataset.low !== low || from.max !== String(span)) {
    const whole = !state.window || (Number(from.value) === 0 && Number(until.value) === Number(until.max));
    from.dataset.low = low;
    from.max = until.max = String(span);
    if (whole) { from.value = "0"; until.value = String(span); }
  }
  readSlider();
}

function readSlider() {
  const from = document.getElementById("t-from");
  const until = document.getElementById("t-until");
  if (!from.dataset.low || from.disabled) { state.window = null; return; }
  let [a, b] = [Number(from.value), Number(until.value)];
  if (a > b) [a, b] = [b, a];
  const base = Date.parse(from.dataset.low);
  const whole = a === 0 && b === Number(until.max);
  state.window = whole ? null : [isoDay(base + a * DAY), isoDay(base + b * DAY)];
  document.getElementById("t-from-day").textContent = isoDay(base + a * DAY);
  document.getElementById("t-until-day").textContent = isoDay(base + b * DAY);
}

function nodeHidden(id, attrs, f) {
  if (f.schema && attrs.schema !== f.schema) return true;
  if (f.tlp && (TLP_RANK[attrs.handling_code] ?? 0) > TLP_RANK[f.tlp]) return true;
  return outsideDates(attrs, f);
}

// The measures the server computes for the chart's actors on the network the member may
// read (tnoc.graph.measures.chart_measure, through the gate as the key players are):
// the nodes sized and coloured by them, light to dark blue. Degree (on the chart) and
// the Louvain communities are computed here.
const SERVER_MEASURES = { betweenness: "betweenness", pagerank: "PageRank", brokerage: "brokerage" };
const RAMP = [[158, 202, 225], [8, 48, 107]]; // #9ecae1 (none) to #08306b (the highest)

function ramp(t) {
  const rgb = RAMP[0].map((low, i) => Math.round(low + (RAMP[1][i] - low) * t));
  return `#${rgb.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

function figure(value) {
  return Number.isInteger(value) ? value.toLocaleString() : value.toPrecision(2);
}

function serverMeasure(f) {
  // the server's figures of f.measure for the chart's actors: those asked for this
  // chart; else they are asked for (once per chart and measure) and the last ones of
  // the same measure serve meanwhile (a node new to the chart counted as 0)
  if (!SERVER_MEASURES[f.measure]) { delete app.dataset.measured; return null; }
  const ids = realChart().nodes.map((n) => n.id).sort();
  const key = `${f.measure}\n${ids.join("\n")}`;
  if (state.measure && state.measure.key === key) return state.measure;
  if (state.measureAsked !== key && ids.length) {
    state.measureAsked = key;
    askMeasure(f.measure, ids, key);
  }
  return state.measure && state.measure.name === f.measure ? state.measure : null;
}

async function askMeasure(name, ids, key) {
  delete app.dataset.measured;
  status(`${SERVER_MEASURES[name]} of the chart's actors…`);
  let found;
  try {
    found = await ask(`measure?name=${encodeURIComponent(name)}`, { method: "POST",
      body: JSON.stringify({ nodes: ids }), headers: { "Content-Type": "application/json" } });
  } catch (error) {
    if (state.measureAsked === key) status(error.message, true);
    return;
  }
  if (state.measureAsked !== key) return; // superseded: the chart changed meanwhile
  state.measure = { key, name, values: found.values };
  if (filters().measure !== name) return; // another measure chosen meanwhile: kept
  const top = found.top.map((t) => `${t.name} (${figure(t.value)})`).join(", ");
  status(`sized and coloured by ${SERVER_MEASURES[name]} on the network of the chart's ` +
    `${found.actors.toLocaleString()} actors: ${top ? `highest ${top}` : "0 for all"}` +
    (found.note ? `; ${found.note}` : ""));
  await refresh(false);
  app.dataset.measured = name;
}

function measureOf(values, id) {
  // a node's figure; a group's, the highest of its members'
  const saved = state.groups.get(id);
  if (saved) return Math.max(0, ...saved.members.map((m) => measureOf(values, m.id)));
  return values[id] || 0;
}

function applyMeasure() {
  const f = filters();
  let communities = null;
  if (f.measure === "community" && graph.size > 0) communities = louvain(graph);
  state.communities = communities;
  const measured = serverMeasure(f);
  const share = new Map(); // a node's figure over the chart's highest
  if (measured) {
    let peak = 0;
    graph.forEachNode((id) => { const v = measureOf(measured.values, id); share.set(id, v); peak = Math.max(peak, v); });
    for (const [id, v] of share) share.set(id, peak > 0 ? v / peak : 0);
  }
  // node sizes (pixels) by degree or the measure, scaled down on a large chart so that
  // the nodes cover at most NODE_COVER of the canvas: thousands of nodes of 10 pixels
  // or more would cover one another and every link (a blot, not a chart)
  const raw = measured ? (id) => 4 + 12 * Math.sqrt(share.get(id))
    : (id) => 4 + Math.sqrt(graph.degree(id)) * 3;
  let area = 0;
  graph.forEachNode((id) => { area += Math.PI * raw(id) ** 2; });
  const container = document.getElementById("graph-canvas");
  const canvas = container ? container.clientWidth * container.clientHeight : 0;
  const scale = canvas && area ? Math.min(1, Math.sqrt((NODE_COVER * canvas) / area)) : 1;
  // one update of every node (one event for sigma, not one per node)
  graph.updateEachNodeAttributes((id, a) => {
    a.size = Math.max(1.5, raw(id) * scale);
    a.color = communities ? PALETTE[communities[id] % PALETTE.length]
      : measured ? ramp(share.get(id)) : schemaColour(a.schema);
    return a;
  }); // no hints: with them sigma repaints nodes it has not yet placed (after an import)
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
  // a large chart's starting positions are asked first: the server computes them while
  // the page measures and filters (the asking's errors are met in runLayout)
  const asking = layout && graph.order >= SERVER_LAYOUT_FROM ? serverPositions() : null;
  if (asking) asking.catch(() => {});
  state.filters = filters(); // read once per refresh, not per node drawn
  inBulk(applyMeasure); // sigma processes it once, in the drawing that follows
  timeSlider();
  counts();
  if (asking) return runLayout(LAYOUT_MS, { asking, refine: "where frames are cheap" }); // drawn once, laid out
  if (renderer) { fitFrameCost(); renderer.refresh(); state.drawn = measureFrame(); }
  if (layout) return runLayout();
  return state.drawn;
}

function counts() {
  const f = filters();
  let shown = 0;
  graph.forEachNode((id, a) => { if (!nodeHidden(id, a, f)) shown += 1; });
  let links = 0;
  graph.forEachEdge((key, a) => { if (!edgeHidden(key, a, f)) links += 1; });
  document.getElementById("graph-counts").textContent =
    `showing ${shown.toLocaleString()} of ${graph.order.toLocaleString()} nodes, ` +
    `${links.toLocaleString()} of ${graph.size.toLocaleString()} links`;
  const [from, until] = [document.getElementById("t-from-day").textContent, document.getElementById("t-until-day").textContent];
  document.getElementById("t-counts").textContent = from
    ? `${links.toLocaleString()} of ${graph.size.toLocaleString()} links shown, dated ${from} to ${until} or undated`
    : "no dated links on the chart";
  app.dataset.links = String(links);
  // the selected node's links on the chart change with every expansion and grouping
  const facts = document.getElementById("selected-facts");
  if (facts && state.selected && graph.hasNode(state.selected)) selectedFacts(facts, state.selected);
}

// --- layout -------------------------------------------------------------------------------

// Drawing a frame costs what the machine's WebGL costs: a few ms on a GPU, 1-2 s for a
// 5,000-node, 20,000-link chart where WebGL is drawn in software (SwiftShader: no GPU,
// or a blocklisted driver). ForceAtlas2 (Jacomy et al. 2014, PLoS ONE 9(6):e98679)
// therefore runs in its web worker on a copy of the chart's structure, and the chart
// shows the worker's positions only every few frame-costs (state.frameMs, measured on
// every drawing): an animation on a GPU, a final drawing where frames are dear, and
// never a layout whose iterations wait behind the drawing of each one.
const SHOW_EVERY = 3; // at most a third of the layout's time spent drawing
// A large chart (SERVER_LAYOUT_FROM nodes or more) starts from the positions the server
// computes from its structure (Pivot MDS, tnoc.graph.layout: a fraction of a second),
// not from random ones, and is drawn at once, laid out. When it is loaded or expanded,
// ForceAtlas2 refines those positions only where a frame is cheap (a GPU: the
// refinement animates), after the first frame: where a frame of the chart costs
// seconds (WebGL in software) the refinement's last frame would double the wait for a
// layout the eye cannot tell from the first (measured on a 5,000-node chart: the same
// picture); the Layout button refines on any machine. ForceAtlas2 starts from the
// drawn positions scaled to the size its own forces give them (fa2Scale: from
// positions a link long, it first spreads the chart tenfold, flinging the hubs out to
// a ring) and ends once its positions settle (CONVERGED: the mean move of a node over
// the last WINDOW_MS below this share of the chart's radius, judged only after
// MIN_ITERATIONS of the worker's iterations, so that neither the looks before its first
// iterations come back nor a slow start pass for the end) or at its time box.
const SERVER_LAYOUT_FROM = 1000;
const POLL_MS = 100;
const WINDOW_MS = 500;
const MIN_ITERATIONS = 50;
const CONVERGED = 0.01;
const DEAR_FRAME_MS = 100; // a frame slower than this: links hidden while the camera moves

function measureFrame() {
  // the time until the chart's next frame is on screen (two animation frames: the
  // second waits for the first to be drawn), kept as the cost of a frame
  const asked = performance.now();
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
    state.frameMs = performance.now() - asked;
    resolve();
  })));
}

function fitFrameCost() {
  // where a frame is dear (software WebGL), panning and zooming draw the nodes only;
  // set just before a drawing the page asks for anyway (a setting change redraws)
  const dear = state.frameMs > DEAR_FRAME_MS;
  if (renderer && renderer.getSetting("hideEdgesOnMove") !== dear) renderer.setSetting("hideEdgesOnMove", dear);
}

function showPositions(copy) {
  // the worker's positions onto the chart: one update, so one drawing by sigma
  fitFrameCost();
  graph.updateEachNodeAttributes((id, a) => {
    if (copy.hasNode(id)) { const p = copy.getNodeAttributes(id); a.x = p.x; a.y = p.y; }
    return a;
  }, { attributes: ["x", "y"] });
}

async function serverPositions() {
  // the chart's structure only (node numbers, links) to the server; its positions back,
  // with the numbering asked by, for the caller to apply if the chart is still that one
  const keys = graph.nodes();
  const number = new Map(keys.map((key, i) => [key, i]));
  const links = graph.mapEdges((_k, _a, source, target) => [number.get(source), number.get(target)]);
  const found = await ask("layout", { method: "POST", body: JSON.stringify({ order: keys.length, links }),
    headers: { "Content-Type": "application/json" } });
  return { number, positions: found.positions };
}

function applyServerPositions({ number, positions }) {
  // the server's positions onto the nodes it numbered; a node added while the asking
  // was in flight (an expansion) keeps the position it was drawn at
  inBulk(() => graph.updateEachNodeAttributes((key, a) => {
    const i = number.get(key);
    if (i !== undefined) { const [x, y] = positions[i]; a.x = x; a.y = y; }
    return a;
  }, { attributes: ["x", "y"] }));
}

function fa2Settings(copy) {
  // ForceAtlas2's settings for the chart (Jacomy et al. 2014: its inferred ones, with
  // Barnes-Hut's approximation of the repulsion from 500 nodes)
  return { ...forceAtlas2.inferSettings(copy), barnesHutOptimize: copy.order > 500 };
}

function fa2Scale(copy, settings) {
  // the copy's positions centred on the origin (ForceAtlas2's gravity pulls to it) and
  // scaled by the factor that minimises ForceAtlas2's energy over uniform scalings
  // (its forces derive from one: a link's attraction w·d from w·d²/2, strong gravity
  // g·m·d from g·m·d²/2, the repulsion kr·m1·m2/d from -kr·m1·m2·ln d, the mass m a
  // node's degree plus one): E(s) = s²·A − B·ln s, least at s = √(B / 2A), so that
  // ForceAtlas2 starts at its own size and changes the shape only. Where the layout
  // starts from positions a link long (the server's), it would otherwise spend its
  // first second spreading the chart out from the hubs (measured on a 5,000-node chart:
  // a ring with the hubs on its rim).
  const mass = new Map();
  copy.forEachNode((key) => mass.set(key, 1));
  copy.forEachEdge((_k, a, source, target) => {
    const w = a.weight || 1;
    mass.set(source, mass.get(source) + w); mass.set(target, mass.get(target) + w);
  });
  let cx = 0;
  let cy = 0;
  let total = 0;
  let squares = 0;
  copy.forEachNode((key, a) => { const m = mass.get(key); cx += m * a.x; cy += m * a.y; total += m; squares += m * m; });
  cx /= total; cy /= total;
  let pull = 0;
  copy.forEachNode((key, a) => { pull += settings.gravity * mass.get(key) * ((a.x - cx) ** 2 + (a.y - cy) ** 2); });
  copy.forEachEdge((_k, a, source, target, s, t) => {
    pull += (a.weight || 1) * ((s.x - t.x) ** 2 + (s.y - t.y) ** 2);
  });
  const push = settings.scalingRatio * (total * total - squares) / 2;
  const scale = pull > 0 ? Math.sqrt(push / pull) : 1; // 2A = pull
  copy.updateEachNodeAttributes((_k, a) => { a.x = (a.x - cx) * scale; a.y = (a.y - cy) * scale; return a; },
    { attributes: ["x", "y"] });
  return scale;
}

function looked(copy) {
  // the copy's positions centred and scaled to a unit radius (a spreading of the chart
  // as a whole is no change of its shape)
  const xs = new Float64Array(copy.order);
  const ys = new Float64Array(copy.order);
  let i = 0;
  let cx = 0;
  let cy = 0;
  copy.forEachNode((_k, a) => { xs[i] = a.x; ys[i] = a.y; cx += a.x; cy += a.y; i += 1; });
  cx /= copy.order; cy /= copy.order;
  let spread = 0;
  for (let j = 0; j < i; j += 1) spread += (xs[j] - cx) ** 2 + (ys[j] - cy) ** 2;
  const radius = Math.sqrt(spread / copy.order) || 1;
  for (let j = 0; j < i; j += 1) { xs[j] = (xs[j] - cx) / radius; ys[j] = (ys[j] - cy) / radius; }
  return { xs, ys, at: performance.now() };
}

function meanMove(a, b) {
  let moved = 0;
  for (let j = 0; j < a.xs.length; j += 1) moved += Math.hypot(a.xs[j] - b.xs[j], a.ys[j] - b.ys[j]);
  return moved / a.xs.length;
}

async function runLayout(ms = LAYOUT_MS, { asking = null, refine = "always" } = {}) {
  // ``asking``: the server's positions already asked for (refresh); ``refine``:
  // "always" (the Layout button) or "where frames are cheap" (a large chart loaded)
  if (graph.order < 2) {
    if (renderer) { renderer.refresh(); await measureFrame(); }
    app.dataset.layout = "done";
    return;
  }
  if (state.layout && !state.layout.killed) {
    // a layout still running: stopped, and its positions kept as the new one's start
    state.layout.kill();
    if (state.layoutCopy) showPositions(state.layoutCopy); // none while the server is asked
  }
  const large = graph.order >= SERVER_LAYOUT_FROM;
  const token = { killed: false, kill() { this.killed = true; } };
  state.layout = token; // a later layout supersedes this one from here on
  state.layoutCopy = null; // the worker's copy of an earlier layout is not this one's
  app.dataset.layout = "running";
  const timing = { started: performance.now(), fromServer: false, layout: 0, first: null };
  let found = null;
  if (large) {
    try {
      found = await (asking || serverPositions());
    } catch (error) {
      if (state.layout === token) status(`${error.message}; laid out from the positions drawn`, true);
    }
  }
  timing.server = performance.now() - timing.started;
  if (state.layout !== token) return; // superseded while the server was asked
  // applied only to the chart they were asked for: not after an expansion in flight
  if (found && graph.order === found.number.size) {
    applyServerPositions(found);
    timing.fromServer = true;
  }
  if (timing.fromServer && refine !== "always") {
    // drawn at once at the server's positions; refined below only if frames are cheap
    const drawing = performance.now();
    if (renderer) { fitFrameCost(); renderer.refresh(); }
    await (state.drawn = measureFrame());
    timing.first = performance.now() - drawing; // the refinement's frame: timing.draw
    timing.draw = 0;
    state.timing = timing;
    if (state.layout !== token) return;
    if (!renderer || state.frameMs > DEAR_FRAME_MS) {
      // (links hidden while the camera moves from the next drawing the page asks for:
      // a setting changed now would draw the whole chart again)
      token.kill(); // ended: the next layout has nothing of it to stop
      app.dataset.layout = "done";
      return;
    }
  }
  const copy = new Graph({ multi: false, type: "undirected" });
  copy.import({
    nodes: graph.mapNodes((key, a) => ({ key, attributes: { x: a.x, y: a.y } })),
    edges: graph.mapEdges((_k, a, source, target) => ({ source, target, attributes: { weight: a.weight || 1 } })),
  });
  const settings = fa2Settings(copy);
  fa2Scale(copy, settings);
  const layout = new FA2Layout(copy, { settings });
  state.layout = layout;
  state.layoutCopy = copy;
  let iterations = 0; // the worker answers each iteration with the positions
  layout.worker.addEventListener("message", () => { iterations += 1; });
  layout.start();
  const ends = performance.now() + ms;
  const current = () => state.layout === layout && !layout.killed;
  const show = () => {
    if (!current()) return;
    const next = performance.now() + Math.max(60, SHOW_EVERY * (state.frameMs || 0));
    if (next >= ends) return; // only the final positions are shown
    setTimeout(() => {
      if (!current() || performance.now() >= ends) return;
      showPositions(copy);
      measureFrame().then(show);
    }, next - performance.now());
  };
  // shown as it goes once the cost of a frame is known: a small chart, or a large one
  // drawn first at the server's positions (its frame found cheap)
  if (!large || timing.first !== null) state.drawn.then(show);
  await new Promise((resolve) => {
    // looks every POLL_MS; settled when the shape moved little over the last WINDOW_MS,
    // judged once the worker has made MIN_ITERATIONS
    const looks = [looked(copy)];
    const look = () => {
      if (!current()) { resolve(); return; }
      const now = looked(copy);
      while (looks.length > 1 && looks[1].at <= now.at - WINDOW_MS) looks.shift();
      const done = iterations >= MIN_ITERATIONS
        && now.at - looks[0].at >= WINDOW_MS && meanMove(now, looks[0]) < CONVERGED;
      if (done || performance.now() + POLL_MS >= ends) { resolve(); return; }
      looks.push(now);
      setTimeout(look, POLL_MS);
    };
    setTimeout(look, Math.min(POLL_MS, ms));
  });
  if (!current()) return; // superseded by a later layout
  layout.kill();
  timing.layout = performance.now() - timing.started - timing.server - (timing.first || 0);
  timing.iterations = iterations;
  const drawing = performance.now();
  inBulk(() => showPositions(copy));
  if (renderer) { fitFrameCost(); renderer.refresh(); }
  await (state.drawn = measureFrame());
  timing.draw = performance.now() - drawing;
  state.timing = timing;
  if (state.layout === layout) app.dataset.layout = "done";
}

// --- analyses --------------------------------------------------------------------------------

async function highlight(path, what) {
  status(`${what}…`);
  try {
    const found = await ask(path, { method: "POST", body: JSON.stringify({ nodes: realChart().nodes.map((n) => n.id) }),
      headers: { "Content-Type": "application/json" } });
    state.highlighted = new Set(found.members.map((m) => m.id));
    const onChart = found.members.filter((m) => placeOf(m.id)).length;
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
  // groups are saved expanded (their members and links); a node's note goes with it
  const chart = realChart();
  const nodes = chart.nodes.map((a) => ({ id: a.id, label: a.label, schema: a.schema,
    handling_code: a.handling_code, first: a.first, last: a.last, x: a.x, y: a.y,
    ...(a.note ? { note: a.note } : {}) }));
  const edges = chart.edges.map((a) => ({ source: a.source, target: a.target, kind: a.kind,
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
    state.groups.clear();
    state.marked.clear();
    state.path = null;
    state.removed = null;
    showMarked();
    inBulk(() => {
      for (const n of chart.nodes) addNode({ ...n, name: n.label });
      for (const e of chart.edges) addEdge(e.source, e.target, e);
    });
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
    if (edgeHidden(graph.edge(s, t), a, f)) return;
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
    method: "POST", credentials: "same-origin", body: JSON.stringify({ nodes: realChart().nodes.map((n) => n.id) }),
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
    // straight links only: sigma's default paths add a 32-segment loop for self-links,
    // and its edge program draws every link with the vertices of its longest path (66
    // where a line needs 4: 16 times the vertex work, all of it on the CPU in software
    // WebGL); a chart never holds a self-link (addEdge refuses them)
    primitives: { ...DEFAULT_PRIMITIVES, edges: { ...DEFAULT_PRIMITIVES.edges, paths: [pathLine()] } },
    settings: { renderEdgeLabels: false, labelRenderedSizeThreshold: 4, itemSizesReference: "screen",
      stagePadding: 80 }, // room for the labels of the nodes at the edge
    nodeReducer: (id, data, attrs) => {
      const f = state.filters;
      if (nodeHidden(id, attrs, f)) return { ...data, visibility: "hidden" };
      const label = attrs.note ? `${data.label} ✎` : data.label;
      if (state.removed && state.removed.has(id)) return { ...data, label, color: "#d0d4da", labelVisibility: "visible" };
      if (state.path && state.path.nodes.has(id)) {
        return { ...data, label, color: "#d62728", size: data.size * 1.4, labelVisibility: "visible", highlighted: true };
      }
      if (state.marked.has(id)) return { ...data, label, color: "#6a1b9a", labelVisibility: "visible", highlighted: true };
      if (state.highlighted.size && state.highlighted.has(id)) {
        return { ...data, color: "#e8a400", size: data.size * 1.6, labelVisibility: "visible", highlighted: true };
      }
      if (id === state.selected) return { ...data, label, labelVisibility: "visible", highlighted: true };
      return { ...data, label };
    },
    edgeReducer: (id, data, attrs) => {
      const f = state.filters;
      if (edgeHidden(id, attrs, f)) return { ...data, visibility: "hidden" };
      if (state.path && state.path.edges.has(id)) return { ...data, color: "#d62728", size: 4 };
      return { ...data, size: Math.min(1 + Math.log2(attrs.weight || 1), 6) };
    },
  });
  renderer.on("clickNode", ({ node, event }) => {
    if (event && event.original && event.original.shiftKey) toggleMark(node);
    else select(node);
  });
  document.getElementById("btn-path").addEventListener("click", findPath);
  document.getElementById("btn-disrupt").addEventListener("click", disruptionPreview);
  document.getElementById("btn-group").addEventListener("click", () => collapse([...state.marked]));
  document.getElementById("btn-unmark").addEventListener("click", () => { state.marked.clear(); showMarked(); });
  for (const id of ["t-from", "t-until"]) {
    document.getElementById(id).addEventListener("input", () => { readSlider(); if (renderer) renderer.refresh(); counts(); });
  }
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
  window.tnocGraph = { graph, renderer, runLayout, refresh, inBulk, state, toggleMark, collapse,
    // a chart as graphology's JSON; laid out (and drawn once, laid out, if large) or drawn
    load: (data, layout = false) => { graph.clear(); inBulk(() => graph.import(data)); return refresh(layout); },
    layoutSteps: (iterations) => forceAtlas2.assign(graph, { iterations, settings: fa2Settings(graph) }) };
}

start();
