// Bundle the workspace's front-end code (run at development time: `npm ci && npm run
// build`); the output in src/tnoc/web/static/bundle is committed, so `pip install`
// needs no Node. Each web-src/src/NAME.js becomes bundle/NAME.js (an IIFE, minified);
// htmx and the stylesheets of vis-timeline and MapLibre are copied; the licences of
// every npm package that ends up in a bundle are gathered in THIRD-PARTY-LICENSES.txt,
// with those of the packages they depend on (a package's distributed build may carry
// its dependencies' code inlined, as MapLibre's carries earcut, kdbush, pbf...), and
// the licence comments in the code (/*! ... */, @license) are kept at each file's end.
import { build } from "esbuild";
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, dirname } from "node:path";

const out = "../src/tnoc/web/static/bundle";
mkdirSync(out, { recursive: true });
const entries = readdirSync("src").filter((f) => f.endsWith(".js")).map((f) => join("src", f));
const result = await build({
  entryPoints: entries, bundle: true, minify: true, format: "iife", target: "es2020",
  outdir: out, metafile: true, legalComments: "eof", logLevel: "info",
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
// and what they depend on (dependencies and peers), where npm installed it
const pending = [...packages];
while (pending.length) {
  const meta = JSON.parse(readFileSync(join("node_modules", pending.pop(), "package.json"), "utf8"));
  for (const dep of Object.keys({ ...meta.dependencies, ...meta.peerDependencies })) {
    if (!packages.has(dep) && existsSync(join("node_modules", dep, "package.json"))) {
      packages.add(dep);
      pending.push(dep);
    }
  }
}
// code a distributed build carries inlined from a package npm did not install: named
// by the build itself (vis-timeline's peer build records core-js's version, copyright
// and licence in its shared store), its MIT licence reproduced with that copyright
const inlined = [{
  name: "core-js", version: "3.49.0", license: "MIT", within: "vis-timeline",
  copyright: "Copyright (c) 2013–2025 Denis Pushkarev (zloirock.ru), 2025–2026 CoreJS Company (core-js.io)",
}];
const MIT = `Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.`;
for (const pkg of inlined) {
  const source = readFileSync(join("node_modules", pkg.within, "peer/esm/vis-timeline-graph2d.js"), "utf8");
  if (!source.includes(`version: '${pkg.version}'`) || !source.includes("core-js.io")) {
    throw new Error(`${pkg.within} no longer carries ${pkg.name} ${pkg.version}: update build.mjs`);
  }
}
const licences = [...packages].sort().map((name) => {
  const dir = join("node_modules", name);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^(licen[sc]e|copying)/i.test(f));
  const text = file ? readFileSync(join(dir, file), "utf8") : `(no licence file; package.json says ${meta.license})`;
  return `${name} ${meta.version} (${meta.license})\n${"=".repeat(72)}\n${text.trim()}\n`;
});
for (const pkg of inlined) {
  licences.push(`${pkg.name} ${pkg.version} (${pkg.license}; inlined in ${pkg.within}'s build)\n` +
    `${"=".repeat(72)}\n${pkg.copyright}\n\n${MIT}\n`);
}
writeFileSync(join(out, "THIRD-PARTY-LICENSES.txt"), licences.join("\n\n"));
console.log(`bundled ${entries.length} entries; licences of ${packages.size} packages`);
