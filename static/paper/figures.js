// Draws the paper's figures live with plotly.js at the width the page gives them, from the
// figure JSON the server wrote beside each (opsreport/paper/screen_charts.py), once a figure
// comes near the screen (static/site/charts-when-seen.js loads plotly.js then). The static SVG
// (or the figure's table) is what the reader sees until then, and without scripts; it is hidden
// once the live figure is drawn.
(function () {
  "use strict";
  var config = { responsive: true, displayModeBar: false };
  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.closest("figure").classList.add("drawn");
      element.setAttribute("data-drawn", "true");
    });
  }
  document.querySelectorAll(".plotly-figure[data-figure]").forEach(function (element) {
    // The figure (its SVG), not the empty box beside it, is what comes into view.
    window.OpsCharts.whenSeen(element.closest("figure"), function () { draw(element); });
  });
})();
