// plotly.js is large (static/plotly/plotly-basic.min.js, 1.2 MB) and a phone may never scroll to
// a chart: the page loads it only when a chart comes near the screen, then draws each chart in a
// task of its own, so the page answers a tap between two charts. Until then the reader sees what
// the page put there (the paper's SVG of the figure; the dashboard's space for its chart).
// The bundle's address is this script's data-plotly (its hashed name under `make serve`).
(function () {
  "use strict";
  var bundle = document.currentScript.getAttribute("data-plotly");
  var state = "idle";  // "loading", then "ready" (or "failed": the static figures stay)
  var queue = [];  // charts seen, to draw in the order they came near the screen
  var draining = false;

  function drainSoon() {
    if (draining || state !== "ready" || !queue.length) { return; }
    draining = true;
    setTimeout(function () {
      draining = false;
      var next = queue.shift();
      next.draw(next.element);
      drainSoon();
    }, 0);
  }

  function load() {
    if (state !== "idle") { return; }
    state = "loading";
    var script = document.createElement("script");
    script.src = bundle;
    script.onload = function () { state = "ready"; drainSoon(); };
    script.onerror = function () { state = "failed"; };
    document.head.appendChild(script);
  }

  function seen(element, draw) {
    queue.push({ element: element, draw: draw });
    load();
    drainSoon();
  }

  // OpsCharts.whenSeen(element, draw): draw(element) once plotly.js is there and the element is
  // within 200 px of the viewport (a little ahead of the reader, who sees it drawn on arrival).
  window.OpsCharts = {
    whenSeen: function (element, draw) {
      if (!("IntersectionObserver" in window)) { seen(element, draw); return; }
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          observer.disconnect();
          seen(element, draw);
        }
      }, { rootMargin: "200px 0px" });
      observer.observe(element);
    }
  };
})();
