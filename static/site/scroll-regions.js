// A wide table scrolls sideways in its own box (templates: {% scrollregion %}). While there is
// more of it to the right, the box says so and shades its right edge; at the end it stops. A
// table of months (data-open-at="end") opens on its latest months, its last columns; the cue
// then points the other way, to the earlier ones.
(function () {
  "use strict";
  function update(wrap, region) {
    var overflowing = region.scrollWidth > region.clientWidth + 1;
    var atEnd = region.scrollLeft + region.clientWidth >= region.scrollWidth - 1;
    wrap.classList.toggle("overflowing", overflowing);
    wrap.classList.toggle("at-end", atEnd);
    var hint = wrap.querySelector(".scroll-hint");
    if (hint) { hint.textContent = atEnd ? "← Scroll sideways for more" : "Scroll sideways for more →"; }
  }
  document.querySelectorAll(".scroll-wrap").forEach(function (wrap) {
    var region = wrap.querySelector(".scroll-region");
    if (!region) { return; }
    if (region.dataset.openAt === "end") { region.scrollLeft = region.scrollWidth; }
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
