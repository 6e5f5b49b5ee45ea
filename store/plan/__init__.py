"""Annual plan import: files → tables (``tables``, ``pasted``) → rows (``rows``) → events (``importer``)."""
