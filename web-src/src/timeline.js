// The timeline of selected entities (issue #22, item 4): one row (group) per entity,
// one item per dated fact labelled with the counterpart's name and the fact's kind;
// hover shows its provenance (file, row). Data from the page's JSON block; every text
// is put in as text (DOM nodes), never as HTML.
import { DataSet } from "vis-data/peer";
import { Timeline } from "vis-timeline/peer";

function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value;
  if (cls) el.className = cls;
  return el;
}

function start() {
  const holder = document.getElementById("timeline");
  const block = document.getElementById("timeline-data");
  if (!holder || !block) return;
  const data = JSON.parse(block.textContent);
  const groups = new DataSet(data.groups.map((g) => ({ id: g.id, content: text("span", g.content) })));
  const items = new DataSet(data.items.map((it) => {
    const tip = document.createElement("div");
    tip.className = "timeline-tip";
    tip.append(text("div", `${it.kind} · ${it.label}`), text("div", it.start),
      text("div", `${it.file || "(no file)"}${it.row ? ", " + it.row : ""}`));
    return { id: it.id, group: it.group, start: it.start, type: "point",
      content: text("span", `${it.label} · ${it.kind}`), title: tip };
  }));
  holder.setAttribute("data-items", String(data.items.length));
  // open on the facts themselves: a custody event (the day the file came in) can be
  // years after them; zoom out to see it
  const facts = data.items.filter((it) => !it.kind.startsWith("custody:")).map((it) => Date.parse(it.start));
  const window_ = facts.length ? { start: Math.min(...facts), end: Math.max(...facts) } : {};
  if (window_.start !== undefined) {
    const pad = Math.max((window_.end - window_.start) * 0.15, 3600e3);
    window_.start -= pad;
    window_.end += pad;
  }
  new Timeline(holder, items, groups, {
    stack: true, zoomable: true, moveable: true, orientation: "top",
    tooltip: { followMouse: true }, margin: { item: 4 }, ...window_,
  });
  holder.setAttribute("data-ready", "1");
}

document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", start) : start();
