"""Chat forms declared as data (``spec``), walked by one engine (``engine``), with field parsers."""
