"""Following the money: transfers, laundering typologies, crypto tracing and attribution,
illicit-transaction scoring (DESIGN.md §2, stage ``money/``)."""
