"""Annual plan import, read as a whole and previewed before it is written.

file → ``document`` (text lines and grids in reading order) → ``tables`` (plan tables found and
classified; blank forms, notes and page text left out; kind and year from ``context``) → ``rows``
(cells → plan rows; one-cell-per-line text aligned by ``align``, times by ``times``) →
``preview`` (units matched against the directory, new ones listed) → ``importer`` (events, in
the caller's transaction).
"""
