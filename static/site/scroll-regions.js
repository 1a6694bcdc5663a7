// A wide table scrolls sideways in its own box (templates: {% scrollregion %}). While there is
// more of it to the right, the box says so and shades its right edge; at the end it stops.
(function () {
  "use strict";
  function update(wrap, region) {
    var overflowing = region.scrollWidth > region.clientWidth + 1;
    wrap.classList.toggle("overflowing", overflowing);
    wrap.classList.toggle("at-end", region.scrollLeft + region.clientWidth >= region.scrollWidth - 1);
  }
  document.querySelectorAll(".scroll-wrap").forEach(function (wrap) {
    var region = wrap.querySelector(".scroll-region");
    if (!region) { return; }
    var refresh = function () { update(wrap, region); };
    region.addEventListener("scroll", refresh, { passive: true });
    if (window.ResizeObserver) { new ResizeObserver(refresh).observe(region); }
    window.addEventListener("resize", refresh);
    // A closed <details> (the dashboard's figure tables) measures nothing until opened.
    var details = wrap.closest("details");
    if (details) { details.addEventListener("toggle", refresh); }
    refresh();
  });
})();
