// Draws each dashboard chart from the figure JSON the server wrote beside it, and opens the
// records behind a bar or point when it is clicked (its address is the point's customdata).
(function () {
  "use strict";
  var config = {
    responsive: true,
    displaylogo: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
    toImageButtonOptions: { format: "png", scale: 2 }
  };
  // On a phone a legend beside the plot leaves no room for the plot, and one just under it
  // covers the month labels: it goes to the foot of the chart, which grows by its rows.
  var NARROW = 560;
  function fitNarrow(element, layout, traces) {
    if (element.clientWidth >= NARROW || layout.showlegend === false) { return; }
    var rows = Math.ceil(traces.length / 2);
    layout.legend = { orientation: "h", x: 0, xanchor: "left", y: 0, yref: "container", yanchor: "bottom",
                      traceorder: "normal" };
    layout.margin = Object.assign({}, layout.margin, { r: 8, b: 64 + rows * 22 });
    layout.height = (layout.height || 340) + rows * 22;
  }

  function draw(element, figure) {
    Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      element.classList.add("drawn");
      element.setAttribute("data-drawn", "true");
    });
    element.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      if (point && point.customdata) {
        window.location.assign(point.customdata);
      }
    });
  }

  // Each chart is drawn once it comes near the screen (static/site/charts-when-seen.js loads
  // plotly.js then); until then its space is kept, so nothing below it moves when it is drawn.
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    var figure = JSON.parse(source.textContent);
    fitNarrow(element, figure.layout, figure.data);
    element.style.minHeight = (figure.layout.height || 340) + "px";
    window.OpsCharts.whenSeen(element, function () { draw(element, figure); });
  });
})();

// A printed dashboard shows each chart's figures too.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details.figures").forEach(function (d) { d.open = true; });
});
