"""The Panel dashboard: figures, drill-downs, charts, exports and views."""
