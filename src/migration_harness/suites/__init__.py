"""The shipped suites, collected automatically when a migration spec is given, in checklist order."""

SUITES = ("static", "migrate", "parity", "integrity", "ids", "idempotency", "rollback", "properties")
