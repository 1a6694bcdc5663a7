"""The month's meetings proposed from the schedule: /months/YYYY-MM/meetings/."""
