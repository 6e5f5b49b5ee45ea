"""Alembic migrations for the register (run them with ``store.migrate.upgrade(url)``)."""
