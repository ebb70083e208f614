"""The citizens' report intake (issue #23): what the reporting portal writes and the
workspace takes into cases.

The portal (:mod:`tnoc.portal`) never writes into a case: it writes to an *intake
store* of its own (:mod:`tnoc.intake.store`), every file sealed to the intake's public
key (:mod:`tnoc.intake.sealing`), so a stolen portal disk reveals nothing. Identifiers
the reporter types are validated on the way in (:mod:`tnoc.intake.identifiers`), files
checked (:mod:`tnoc.intake.files`), and the reporter gets a receipt
(:mod:`tnoc.intake.receipts`) to read replies and add information.
"""
