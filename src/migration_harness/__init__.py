"""pytest-migration-harness: a Liquibase migration's pre-production checklist as a pytest suite."""

__version__ = "0.1.0"
