"""The citizens' reporting portal (issue #23): a small web app of its own, served by
``tnoc portal`` in its own process and port, that writes reports ONLY to the intake
store (:mod:`tnoc.intake.store`), never into a case, and knows nothing of the people
who report: no address, browser or referrer is stored or logged, the only cookie is
the form's CSRF token, and abuse is limited by a proof-of-work and a global token
bucket rather than by address lists (SecureDrop's and GlobaLeaks' practice).
"""
