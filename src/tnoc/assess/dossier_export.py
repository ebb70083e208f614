"""The entity dossier as a document: HTML and PDF, recorded in the custody ledger.

An analyst hands a dossier to a prosecutor or a partner unit (issue #21, item 4; the
export Aleph's users asked for most, alephdata/aleph #2633). It is rendered by the
threat-assessment report's machinery (Jinja2 templates in ``tnoc/templates``, printed
offline by WeasyPrint: no network, no CDN) and written as an export is
(:func:`tnoc.exchange.export.write_recorded`): never inside a case folder, never over
a file unless forced, and the file and its ``exported`` custody entry (file, SHA-256,
the entity, the sources whose values went out) both or neither. A dossier discloses
personal data, so the service authorises it as the ``dossier export`` operation
(LED art. 25 logging; :mod:`tnoc.govern.policy`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from tnoc import __version__
from tnoc.errors import TnocError
from tnoc.exchange.export import write_recorded
from tnoc.store.case import Case
from tnoc.store.dossier import Dossier, analysis_facts

__all__ = ["DossierFile", "render_dossier_html", "write_dossier"]


@dataclass
class DossierFile:
    """A dossier written: the file, its format and its SHA-256 (as in the ledger)."""

    path: Path
    fmt: str
    sha256: str


TLP_COLOURS = {"TLP:RED": "#FF2B2B", "TLP:AMBER+STRICT": "#FFC000", "TLP:AMBER": "#FFC000",
               "TLP:GREEN": "#33FF00", "TLP:CLEAR": "#FFFFFF"}
"""The colour of each code's label, on black (FIRST, Traffic Light Protocol 2.0)."""


def render_dossier_html(d: Dossier, case_name: str) -> str:
    """The dossier as one self-contained HTML page (inline CSS, no scripts), the
    strictest handling code of everything it shows
    (:attr:`~tnoc.store.dossier.Dossier.handling`) in a banner at the top of the page
    on screen and of every printed page (the PDF's page header)."""
    env = Environment(loader=PackageLoader("tnoc", "templates"),
                      autoescape=select_autoescape(["html"]))
    env.filters["facts"] = analysis_facts
    handling = d.handling
    return env.get_template("dossier.html").render(
        d=d, case_name=case_name, version=__version__, handling=handling,
        handling_colour=TLP_COLOURS.get(handling or "", "#FFFFFF"),
        created=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))


def write_dossier(case: Case, d: Dossier, out: Path, fmt: str, purpose: str | None,
                  force: bool = False, actor: str | None = None) -> DossierFile:
    """Write the dossier ``d`` to ``out`` as ``fmt`` (``html`` or ``pdf``) and record the
    export in the custody ledger (see the module) as done by ``actor`` (the member the
    service authorised; default the login name). Raises :class:`TnocError` for another
    format, an output inside a case or an existing file, or a missing PDF library."""
    if fmt not in ("html", "pdf"):
        raise TnocError(f"a dossier is written as html or pdf, not {fmt!r}")
    text = render_dossier_html(d, case.name)
    if fmt == "html":
        payload = text.encode("utf-8")
    else:
        try:
            from weasyprint import HTML
        except OSError as exc:  # pango missing
            raise TnocError(f"PDF needs WeasyPrint's system libraries (pango): {exc}; "
                            "write the HTML with --html instead") from exc
        payload = HTML(string=text).write_pdf()
    digest = write_recorded(
        case, out, payload, f"dossier {fmt}", purpose or "dossier",
        {"entity": d.id, "limit": d.limit}, sources=d.sources, force=force,
        entities=d.members, withheld_values=d.withheld, actor=actor)
    return DossierFile(out, fmt, digest)
