"""Darknet market analytics (issue #24): listings, shipping, vendors, market dynamics."""
