"""The workspace's pages, one module per page or group of pages (each a ``router``
that :data:`tnoc.web.app.ROUTERS` lists)."""
