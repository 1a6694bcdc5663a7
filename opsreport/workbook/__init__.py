"""The month's workbook: one XLSX with every figure the month needs, exported pre-filled and
imported back through a dry-run preview that writes all of it or none of it.

- sheets.py: the sheets, their columns and the reference lists behind the drop-downs;
- export.py: the workbook for a month, as bytes;
- reading.py: an uploaded file, bounded before it is parsed, as plain tables of cells;
- plan.py: those tables checked against the database, as a plan of rows and errors;
- apply.py: the one function that writes a plan;
- views.py, urls.py: /months/YYYY-MM/workbook.xlsx and /months/YYYY-MM/import/.
"""
