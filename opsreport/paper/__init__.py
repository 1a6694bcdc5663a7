"""The Operations Report itself: its sections, assembly, findings, charts, PDF, publication
and views."""
