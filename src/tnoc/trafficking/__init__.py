"""Modern slavery and human trafficking: hidden numbers, victim flows, indicator
profiles and advertisement templates (issue #25)."""
