"""Modern slavery and human trafficking: hidden numbers and victim flows (issue #25)."""
