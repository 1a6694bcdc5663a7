// Draws the paper's figures live with plotly.js at the width the page gives them, from the
// figure JSON the server wrote beside each (opsreport/paper/screen_charts.py). The static SVG
// (or the figure's table) stays for readers without scripts, and is hidden once drawn.
(function () {
  "use strict";
  var config = { responsive: true, displayModeBar: false };
  document.querySelectorAll(".plotly-figure[data-figure]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.closest("figure").classList.add("drawn");
      element.setAttribute("data-drawn", "true");
    });
  });
})();
