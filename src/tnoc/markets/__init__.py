"""Darknet market analytics (issue #24): where listings ship from and to
(:mod:`~tnoc.markets.locations`, :mod:`~tnoc.markets.flows`), market size over time
corrected for crawl completeness (:mod:`~tnoc.markets.dynamics`), and vendors across
crawls and markets (:mod:`~tnoc.markets.vendors`)."""
