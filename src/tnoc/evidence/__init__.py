"""Chain of custody: every intake, access, export and report is an event."""
