"""Exactly-once intake and reliable delivery: the inbox, the outbox and their worker."""
