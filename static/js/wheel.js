/* Servicelöfte: the public page's wheel shows the goal of the sector in focus.
 *
 * Each sector of the wheel is a link named by its perspective, side and goal (aria-label
 * and an SVG <title>, which work without this script). Here the same text is also
 * written into the figure's [data-wheel-goal] paragraph while a sector has focus or the
 * pointer, so a sighted keyboard user reads it without a tooltip. Not a live region: a
 * screen reader already reads the link's name. Same-origin file, no inline script (CSP).
 */
(function () {
  "use strict";

  function setUp(figure) {
    var goal = figure.querySelector("[data-wheel-goal]");
    if (!goal) return;
    var current = null;
    function show(sector) {
      current = sector;
      goal.textContent = sector.getAttribute("aria-label") || "";
      goal.hidden = false;
    }
    function hide(sector) {
      if (current !== sector) return;
      current = null;
      goal.hidden = true;
      goal.textContent = "";
    }
    figure.querySelectorAll("a.wheel__sector").forEach(function (sector) {
      sector.addEventListener("focus", function () { show(sector); });
      sector.addEventListener("blur", function () { hide(sector); });
      sector.addEventListener("mouseenter", function () { show(sector); });
      sector.addEventListener("mouseleave", function () {
        if (document.activeElement === sector) return;
        hide(sector);
      });
    });
  }

  document.querySelectorAll(".wheel-figure").forEach(setUp);
})();
