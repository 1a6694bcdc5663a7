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

// A month's grid (an inline marked "month-grid": helpdesk categories, effort drivers): a total
// row under each column of figures, kept up to date as the figures are typed; on the helpdesk
// screen the categories' total is shown beside the mailbox's own count; and a column copied
// from a spreadsheet and pasted into one cell fills that column downward. The server checks
// the same total when the month is saved: this is only the early warning.
(function () {
  "use strict";

  function liveRows(table) {
    return Array.prototype.filter.call(table.querySelectorAll("tbody tr.form-row"), function (row) {
      if (row.classList.contains("empty-form")) { return false; }
      var deleted = row.querySelector("input[type=checkbox][name$='-DELETE']");
      return !(deleted && deleted.checked);
    });
  }

  function cellIndex(input) {
    var cell = input.closest("td");
    return Array.prototype.indexOf.call(cell.parentNode.children, cell);
  }

  function numberIn(input) {
    var value = parseFloat(input.value);
    return isNaN(value) ? 0 : value;
  }

  function format(value) {
    // Whole numbers with thousands separators, as the paper prints them; days keep two places.
    var decimals = Math.round(value) === value ? 0 : 2;
    return value.toLocaleString("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }

  // The column sums, by column index, over the rows not marked for deletion.
  function columnTotals(table) {
    var totals = {};
    liveRows(table).forEach(function (row) {
      row.querySelectorAll("input[type=number]").forEach(function (input) {
        var i = cellIndex(input);
        totals[i] = (totals[i] || 0) + numberIn(input);
      });
    });
    return totals;
  }

  function setUpGrid(fieldset) {
    var table = fieldset.querySelector("table");
    if (!table) { return; }
    var firstRow = table.querySelector("tbody tr.form-row");
    if (!firstRow) { return; }
    var numberColumns = Array.prototype.map.call(firstRow.querySelectorAll("input[type=number]"), cellIndex);
    if (!numberColumns.length) { return; }
    var columnCount = firstRow.children.length;
    var foot = document.createElement("tfoot");
    var totalRow = document.createElement("tr");
    totalRow.className = "grid-total";
    for (var i = 0; i < columnCount; i += 1) {
      var cell = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) { cell.scope = "row"; cell.textContent = "Total"; }
      if (numberColumns.indexOf(i) >= 0) { cell.className = "grid-total-figure"; cell.dataset.column = i; }
      totalRow.appendChild(cell);
    }
    foot.appendChild(totalRow);
    table.appendChild(foot);

    // The helpdesk: the categories' total beside the mailbox's own count.
    var mailbox = document.getElementById("id_mailbox_total");
    var comparison = null;
    if (mailbox) {
      comparison = document.createElement("p");
      comparison.className = "grid-comparison";
      comparison.id = "categories-total";
      comparison.setAttribute("aria-live", "polite");
      mailbox.insertAdjacentElement("afterend", comparison);
      mailbox.addEventListener("input", update);
    }

    function update() {
      var totals = columnTotals(table);
      totalRow.querySelectorAll(".grid-total-figure").forEach(function (cell) {
        var figure = cell.firstChild || cell.appendChild(document.createElement("span"));
        figure.textContent = format(totals[cell.dataset.column] || 0);
      });
      if (!comparison) { return; }
      var categories = totals[numberColumns[numberColumns.length - 1]] || 0;
      var text = "Categories add up to " + format(categories);
      comparison.classList.remove("agrees", "disagrees");
      if (mailbox.value !== "") {
        var difference = categories - numberIn(mailbox);
        if (difference === 0) {
          text += ", the mailbox's count.";
          comparison.classList.add("agrees");
        } else {
          text += ": " + format(Math.abs(difference)) + (difference > 0 ? " more" : " fewer") + " than the mailbox.";
          comparison.classList.add("disagrees");
        }
      } else {
        text += ".";
      }
      comparison.textContent = text;
    }

    table.addEventListener("input", update);
    table.addEventListener("change", update);  // a row marked for deletion
    // A new row's remove button takes the row away without an input event: count again after.
    table.addEventListener("click", function () { window.setTimeout(update, 0); });
    table.addEventListener("paste", function (event) { pasteColumn(event, table, update); });
    update();
  }

  // Tab- or newline-separated figures pasted into one cell fill its column from that row down.
  function pasteColumn(event, table, update) {
    var target = event.target;
    if (!target.matches || !target.matches("input[type=number]")) { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    var values = text.split(/[\t\r\n]+/).map(function (value) {
      return value.trim().replace(/[,\s]/g, "");  // "1,234" as a spreadsheet copies it
    }).filter(function (value) { return value !== ""; });
    if (values.length < 2) { return; }  // one figure: the browser pastes it as usual
    event.preventDefault();
    var rows = liveRows(table);
    var start = rows.indexOf(target.closest("tr"));
    var column = cellIndex(target);
    var filled = 0;
    for (var i = 0; i < values.length && start + i < rows.length; i += 1) {
      var input = rows[start + i].children[column].querySelector("input[type=number]");
      if (input) { input.value = values[i]; filled += 1; }
    }
    var status = table.parentNode.querySelector(".grid-paste-status");
    if (!status) {
      status = document.createElement("p");
      status.className = "grid-paste-status";
      status.setAttribute("role", "status");
      table.insertAdjacentElement("afterend", status);
    }
    status.textContent = filled + " figures pasted" +
      (filled < values.length ? "; " + (values.length - filled) + " more than the rows below, left out." : ".");
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset.month-grid").forEach(setUpGrid);
  });
}());

// Two of the admin's own widgets that axe faults, named as they are drawn: the party's
// autocomplete box (select2's combobox and the box showing the choice have no name: they take
// the field's label), and the search icons of a two-box chooser (DCC user roles), an
// aria-label on a plain span, which becomes an image with that name. Both are drawn by other
// scripts at DOM ready or load, so a MutationObserver names them as soon as they appear.
(function () {
  "use strict";

  function nameWidgets() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id && document.querySelector("label[for='" + select.id + "']");
      var container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) { return; }
      label.id = label.id || select.id + "_label";
      container.querySelectorAll(".select2-selection[role=combobox], .select2-selection__rendered[role=textbox]")
        .forEach(function (box) {
          if (box.getAttribute("aria-labelledby") !== label.id) { box.setAttribute("aria-labelledby", label.id); }
        });
    });
    document.querySelectorAll(".selector .search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  if (!document.querySelector("select.admin-autocomplete, select[multiple]")) { return; }
  new MutationObserver(function (records) {
    var drawn = records.some(function (record) { return record.addedNodes.length > 0; });
    if (drawn) { nameWidgets(); }
  }).observe(document.body, { childList: true, subtree: true });
  nameWidgets();
})();
