"""The analysts' web workspace (``tnoc serve``, issue #22).

A face like the CLI: it parses a request, calls one :class:`tnoc.service.CaseService`
method (the gate: login, role, clearance, purpose, audit) and renders what comes back.
No SQL and no analysis here (``tests/test_thin_faces.py``); pages are Jinja2 templates
with htmx, JavaScript only for the graph, the timeline and the map, bundled from npm at
development time (``web/static/bundle``) so that nothing is fetched at run time.
"""
