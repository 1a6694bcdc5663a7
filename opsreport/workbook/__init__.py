"""The month's workbook: one XLSX with every figure the month needs, exported pre-filled and
imported back through a dry-run preview that writes all of it or none of it.

- sheets/__init__.py: the sheets, their columns and the reference lists behind the drop-downs;
  sheets/<sheet>.py: each sheet's rows checked with its screen's forms, as planned rows;
- export.py: the workbook for a month, as bytes;
- reading.py: an uploaded file, bounded before it is parsed, as plain tables of cells;
- cells.py: one cell read (text, dates, yes/no; figures through the screens' form fields);
- plan.py: the plan of rows and errors, and what every sheet's planning shares;
- apply.py: a clean plan written by calling each row's action (opsreport/actions), all or nothing;
- views.py, urls.py: /months/YYYY-MM/workbook.xlsx and /months/YYYY-MM/import/.
"""
