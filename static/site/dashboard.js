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
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    var figure = JSON.parse(source.textContent);
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
  });
})();

// A printed dashboard shows each chart's figures too.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details.figures").forEach(function (d) { d.open = true; });
});
