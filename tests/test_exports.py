from django.test import SimpleTestCase

from opsreport.dashboard.exports import csv_bytes, escape_cell


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
