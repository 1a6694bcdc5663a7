// Draws the paper's figures live with plotly.js at the width the page gives them, from the
// figure JSON the server wrote beside each (opsreport/paper/screen_charts.py), once a figure
// comes near the screen (static/site/charts-when-seen.js loads plotly.js then). The static SVG
// (or the figure's table) is what the reader sees until then, and without scripts; it is hidden
// once the live figure is drawn.
(function () {
  "use strict";
  var config = { responsive: true, displayModeBar: false };
  // Figure 2 names each month level on two lines ("Jul" over "2017"), which needs about 40 px a
  // month beside the value axis (about 90 px, its title and "30,000"). Twelve months overlap in a
  // phone's 360 px figure, so a figure narrower than its months need labels every other month,
  // ending with the paper's own. Decided here, not in the figure's JSON, so the issues published
  // before (their JSON frozen, this script today's) read on a phone too.
  var MONTH_LABEL_PX = 40;
  var VALUE_AXIS_PX = 90;

  // Whether the x-axis names its months itself (Figure 2), so plotly never thins its labels.
  function listsMonths(xaxis) {
    return Boolean(xaxis && xaxis.tickmode === "array" && xaxis.tickvals && xaxis.ticktext);
  }

  function tooNarrow(element, xaxis) {
    return listsMonths(xaxis) && element.clientWidth < xaxis.tickvals.length * MONTH_LABEL_PX + VALUE_AXIS_PX;
  }

  function layoutFor(figure, narrow) {
    if (!narrow) { return figure.layout; }
    var xaxis = figure.layout.xaxis;
    var everyOther = function (value, i, all) { return (all.length - 1 - i) % 2 === 0; };
    var fewer = { tickvals: xaxis.tickvals.filter(everyOther), ticktext: xaxis.ticktext.filter(everyOther) };
    return Object.assign({}, figure.layout, { xaxis: Object.assign({}, xaxis, fewer) });
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    var figure = JSON.parse(source.textContent);
    var narrow = tooNarrow(element, figure.layout.xaxis);
    Plotly.newPlot(element, figure.data, layoutFor(figure, narrow), config).then(function () {
      element.closest("figure").classList.add("drawn");
      element.setAttribute("data-drawn", "true");
    });
    if (!listsMonths(figure.layout.xaxis)) { return; }
    // A phone turned sideways, or a window widened: plotly resizes the figure (responsive), and
    // the month labels follow when the width crosses the line.
    window.addEventListener("resize", function () {
      if (tooNarrow(element, figure.layout.xaxis) === narrow) { return; }
      narrow = !narrow;
      Plotly.react(element, figure.data, layoutFor(figure, narrow), config);
    });
  }

  document.querySelectorAll(".plotly-figure[data-figure]").forEach(function (element) {
    // The figure (its SVG), not the empty box beside it, is what comes into view.
    window.OpsCharts.whenSeen(element.closest("figure"), function () { draw(element); });
  });
})();
