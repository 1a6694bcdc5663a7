// The admin's tabular inlines (a month's helpdesk tallies, effort rows, appendices) label
// their fields only by the column heading; give each field that heading as its name, with the
// row's own label where the row has one, so screen readers (and axe) can tell them apart.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll("div.tabular table").forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row, rowIndex) {
      var firstSelect = row.querySelector("select");
      var rowName = firstSelect && firstSelect.selectedIndex > 0 ? firstSelect.options[firstSelect.selectedIndex].text : "row " + (rowIndex + 1);
      Array.prototype.forEach.call(row.children, function (cell, i) {
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
          if (field.labels && field.labels.length) { return; }
          if (field.getAttribute("aria-label")) { return; }
          var heading = headings[i] || field.name;
          field.setAttribute("aria-label", heading + ", " + rowName);
        });
      });
    });
  });
});
