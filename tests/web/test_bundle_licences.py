"""The committed front-end bundle carries the licences of all the code in it
(issue #22: "the bundle committed with its licences"), including code that the
distributed builds of its packages carry inlined: MapLibre's build holds earcut,
kdbush, gl-matrix, pbf and more; vis-timeline's holds Hammer.JS, keycharm and
core-js. Checked on the committed files, no Node needed."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "src" / "tnoc" / "web" / "static" / "bundle"
LOCK = ROOT / "web-src" / "package-lock.json"


def _listed() -> dict[str, str]:
    """Package -> the text of its entry in THIRD-PARTY-LICENSES.txt."""
    text = (BUNDLE / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8")
    heads = list(re.finditer(r"^(\S+) (\S+) \((.*)\)\n={72}$", text, re.M))
    return {h.group(1): text[h.end():(heads[i + 1].start() if i + 1 < len(heads)
                                      else len(text))]
            for i, h in enumerate(heads)}


def test_the_inlined_libraries_have_their_licences() -> None:
    listed = _listed()
    for name in ("maplibre-gl", "earcut", "kdbush", "gl-matrix", "pbf", "potpack",
                 "vis-timeline", "@egjs/hammerjs", "keycharm", "propagating-hammerjs",
                 "core-js", "sigma", "graphology", "htmx.org"):
        assert name in listed, name
        assert len(listed[name].strip()) > 200, f"{name}: no licence text"
    assert "Denis Pushkarev" in listed["core-js"]
    assert "Permission is hereby granted" in listed["core-js"]


def test_every_listed_package_is_one_npm_installed_at_its_version() -> None:
    """No entry is made up: each package (core-js aside, which only vis-timeline's
    build carries) is in the committed lockfile at the version listed."""
    lock = json.loads(LOCK.read_text(encoding="utf-8"))["packages"]
    text = (BUNDLE / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8")
    for name, version in re.findall(r"^(\S+) (\S+) \(.*\)\n={72}$", text, re.M):
        if name == "core-js":
            continue
        assert lock[f"node_modules/{name}"]["version"] == version, name


def test_the_licence_comments_of_the_code_stay_in_the_bundles() -> None:
    """esbuild keeps the ``/*!`` and ``@license`` comments (``legalComments: "eof"``):
    Hammer.JS's notice ends the timeline's bundle, MapLibre's the map's."""
    assert "Hammer.JS" in (BUNDLE / "timeline.js").read_text(encoding="utf-8")[-2000:]
    assert "@license" in (BUNDLE / "map.js").read_text(encoding="utf-8")
