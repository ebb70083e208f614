// Bundle the workspace's front-end code (run at development time: `npm ci && npm run
// build`); the output in src/tnoc/web/static/bundle is committed, so `pip install`
// needs no Node. Each web-src/src/NAME.js becomes bundle/NAME.js (an IIFE, minified);
// htmx and the stylesheets of vis-timeline and MapLibre are copied; the licences of
// every npm package that ends up in a bundle are gathered in THIRD-PARTY-LICENSES.txt.
import { build } from "esbuild";
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";

const out = "../src/tnoc/web/static/bundle";
mkdirSync(out, { recursive: true });
const entries = readdirSync("src").filter((f) => f.endsWith(".js")).map((f) => join("src", f));
const result = await build({
  entryPoints: entries, bundle: true, minify: true, format: "iife", target: "es2020",
  outdir: out, metafile: true, legalComments: "none", logLevel: "info",
});
const copies = {
  "node_modules/htmx.org/dist/htmx.min.js": "htmx.min.js",
  "node_modules/vis-timeline/styles/vis-timeline-graph2d.min.css": "vis-timeline.css",
  "node_modules/maplibre-gl/dist/maplibre-gl.css": "maplibre-gl.css",
  // MapLibre's web worker (an ES module; map.js points setWorkerUrl at it)
  "node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs": "maplibre-gl-worker.mjs",
};
for (const [from, to] of Object.entries(copies)) copyFileSync(from, join(out, to));

// the packages whose code is in a bundle (from esbuild's metafile) plus the copied ones
const packages = new Set(["htmx.org", "vis-timeline", "maplibre-gl"]);
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) packages.add(m[1]);
}
const licences = [...packages].sort().map((name) => {
  const dir = join("node_modules", name);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^(licen[sc]e|copying)/i.test(f));
  const text = file ? readFileSync(join(dir, file), "utf8") : `(no licence file; package.json says ${meta.license})`;
  return `${name} ${meta.version} (${meta.license})\n${"=".repeat(72)}\n${text.trim()}\n`;
});
writeFileSync(join(out, "THIRD-PARTY-LICENSES.txt"), licences.join("\n\n"));
console.log(`bundled ${entries.length} entries; licences of ${packages.size} packages`);
