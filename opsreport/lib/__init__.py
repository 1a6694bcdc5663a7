"""The small shared library: months, fields, formats, classification and admin helpers.

parties/, helpdesk/ and meetings/ may import from here; nothing here imports views, the
paper or the dashboard.
"""
