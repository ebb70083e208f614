"""Threat assessment: trends and alarms over count series, cyber-to-physical
geolocation, origin-destination flows and maps, harm-weighted priorities, group
profiles, countermeasures and the threat-assessment report (DESIGN.md §2, ``assess/``).

Every figure keeps the statements it was computed from (source id and locator), so the
report can footnote each chart with the files and rows behind it."""
