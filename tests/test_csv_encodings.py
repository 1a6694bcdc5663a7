"""A one-sheet CSV is read whatever Excel saved it as: UTF-8 (with or without its byte-order
mark), Windows-1252, or "Unicode text" (UTF-16 with its byte-order mark, tab-separated)."""

import codecs

import time_machine

from helpdesk.models import HelpdeskMonth
from opsreport.workbook import service
from opsreport.workbook.apply import apply
from tests.base import SampleTestCase
from tests.test_workbook import JULY_2018, NOW

ROWS = [["Month", "Figure", "Count"], ["2018-07", "Telephone enquiries", "52"], ["2018-07", "Applications", "51"]]


def text(separator):
    return "".join(separator.join(row) + "\r\n" for row in ROWS)


@time_machine.travel(NOW, tick=False)
class CsvEncodingTests(SampleTestCase):
    def imported(self, data):
        plan = service.preview(JULY_2018, data, "helpdesk.csv")
        self.assertEqual(plan.errors, [])
        self.assertEqual(
            [(r.label, r.status) for r in plan.rows], [("Telephone enquiries", "create"), ("Applications", "create")]
        )
        apply(plan)
        self.assertEqual(HelpdeskMonth.objects.get(month=JULY_2018).telephone_enquiries, 52)

    def test_excels_unicode_text_utf16_little_endian_tab_separated(self):
        self.imported(codecs.BOM_UTF16_LE + text("\t").encode("utf-16-le"))

    def test_utf16_big_endian_with_commas(self):
        self.imported(codecs.BOM_UTF16_BE + text(",").encode("utf-16-be"))

    def test_utf8_with_its_byte_order_mark_still(self):
        self.imported(codecs.BOM_UTF8 + text(",").encode())

    def test_utf16_without_a_byte_order_mark_is_still_refused_as_binary(self):
        plan = service.preview(JULY_2018, text(",").encode("utf-16-le"), "helpdesk.csv")
        self.assertIn("binary data", " ".join(e.message for e in plan.errors))
