"""``tnoc show``: an entity's dossier printed in sections (:mod:`tnoc.store.dossier`).

Thin: the service builds the dossier; here each section becomes a heading and a
listing (names first, ids beside them), every section cut short says how many more
there are and how to see them, and ``--json`` writes the whole dossier as one document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tnoc.cli.common import (
    SEE_ALL,
    Column,
    Format,
    Listing,
    console,
    emit_json,
    notes_console,
    print_listing,
)

if TYPE_CHECKING:
    from tnoc.store.dossier import Dossier, Section

__all__ = ["print_dossier", "withheld_note"]


def withheld_note(d: Dossier) -> str:
    """The markers for what the viewer's clearance and the compartments kept out
    (empty when nothing was)."""
    from tnoc.govern.compartments import withheld_marker

    notes = [f"{d.withheld:,} values withheld (above your clearance)"] if d.withheld else []
    if d.compartment_withheld:
        notes.append(withheld_marker(d.compartment_withheld))
    return "; ".join(notes)


def _heading(text: str) -> None:
    console.print()
    console.print(text, style="bold underline", highlight=False)


def _more(section: Section, what: str, d: Dossier) -> None:
    if section.more:
        console.print(f"  and {section.more:,} more {what} (showing {len(section.rows):,} "
                      f"of {section.total:,}); {SEE_ALL}", style="yellow", highlight=False)


def named(name: Any, entity: Any) -> str:
    """A name with its id beside it, as every line that names an entity writes it
    (``Jana Novak (cdr-line-491701234567)``; the id alone when it has no other name)."""
    if not entity:
        return ""
    return str(entity) if not name or name == entity else f"{name} ({entity})"


def _values(d: Dossier, fmt: Format) -> None:
    rows = [(p["prop"] + (" (conflicting)" if p["conflicting"] else ""),
             named(v["caption"], v["value"]) if v.get("caption") else v["value"],
             v["original_value"] if v["original_value"] != v["value"] else None, v["flag"],
             s["file_name"], s["locator"], s["handling_code"], s["sha256"])
            for p in d.properties for v in p["values"] for s in v["sources"]]
    print_listing(Listing(
        ["property", Column("value", width=80), Column("original", "original_value", width=40),
         "flag", Column("source file", "file_name"), "locator",
         Column("handling", "handling_code"), Column("sha256", width=13)],
        rows, what="values"), fmt)


def _links(title: str, sections: dict[str, Section], d: Dossier) -> None:
    _heading(f"{title} ({sum(s.total for s in sections.values()):,})")
    if not sections:
        console.print("  none", highlight=False)
    for kind, section in sections.items():
        shown = [named(r.get("caption"), r.get("entity")) + (
                 f" -> {named(r.get('counterpart_caption'), r['counterpart'])}"
                 if r.get("counterpart") and r.get("entity") else
                 named(r.get("counterpart_caption"), r.get("counterpart")))
                 for r in section.rows]
        console.print(f"  {kind} ({section.total:,}): {', '.join(shown)}", highlight=False)
        _more(section, kind, d)


def _analyses(d: Dossier) -> None:
    from tnoc.store.dossier import analysis_facts

    _heading(f"Analysis results ({len(d.analyses):,})")
    if not d.analyses:
        console.print("  none", highlight=False)
    for a in d.analyses:
        other = a["facts"].get("counterpart")
        with_whom = (f" [{named(a['facts'].get('counterpart_caption'), other)}]" if other
                     else "")
        run = ", ".join(str(v) for v in (a["file_name"], str(a["at"] or "")[:10]) if v)
        # a merged entity's network measures: which of its ids each is of (a run made
        # before the merge measured each apart)
        of = f" (of {a['member']})" if len(d.members) > 1 and a.get("member") else ""
        console.print(f"  {a['kind']} ({a['role']}){of}: {analysis_facts(a)}{with_whom}"
                      f"{' - ' + run if run else ''}", highlight=False)


def _timeline(d: Dossier) -> None:
    kinds = ", ".join(f"{k} {n:,}" for k, n in d.timeline_kinds.items())
    _heading(f"Timeline ({d.timeline.total:,} dated facts{': ' + kinds if kinds else ''})")
    for r in d.timeline.rows:
        about = {"own": "itself", "source": "its source"}.get(
            str(r["how"]), f"{named(r['caption'], r['entity_id'])} via {r['how']}")
        console.print(f"  {r['date']}  {r['schema']}.{r['prop']}  {about}  "
                      f"[{r['file_name']}]", highlight=False)
    _more(d.timeline, "dated facts", d)


def _resolution(d: Dossier) -> None:
    _heading(f"Candidate duplicates ({len(d.candidates):,}) and judgements "
             f"({len(d.judgements):,})")
    if not d.candidates and not d.judgements:
        console.print("  none", highlight=False)
    for c in d.candidates:
        p = c["match_probability"]
        console.print(f"  candidate {named(c['counterpart_caption'], c['counterpart'])}"
                      f"{f' p={p:.3f}' if p is not None else ''}: {c['reason']}",
                      highlight=False)
    for j in d.judgements:
        console.print(f"  judged {j['verdict']}{'' if j['active'] else ' (undone)'} with "
                      f"{named(j['counterpart_caption'], j['counterpart'])} by {j['author']} "
                      f"{j['created_at']}{': ' + j['note'] if j['note'] else ''}",
                      highlight=False)


def print_dossier(d: Dossier, fmt: Format) -> None:
    """Print the dossier: JSON (the whole of it), CSV (the values with their sources) or
    the sections with headings; the withheld marker when the clearance kept values out."""
    if fmt is Format.JSON:
        emit_json(d.as_dict())
        if withheld_note(d):
            notes_console(fmt).print(withheld_note(d), style="yellow", highlight=False)
        return
    if fmt is Format.TABLE:
        console.print(f"{d.caption}", style="bold", highlight=False, end="")
        console.print(f" ({d.schema}, {d.id})", highlight=False)
        if len(d.members) > 1:
            console.print(f"merged from {', '.join(d.members)}", highlight=False)
        _heading("Values")
    _values(d, fmt)
    if withheld_note(d):
        notes_console(fmt).print(withheld_note(d), style="yellow", highlight=False)
    if fmt is not Format.TABLE:
        return
    _links("Links out", d.links_out, d)
    _links("Links in", d.links_in, d)
    _analyses(d)
    _timeline(d)
    _resolution(d)
