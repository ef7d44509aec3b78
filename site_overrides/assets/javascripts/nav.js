/*
 * Профориентир: Material's navigation puts an icon-only toggle («>») beside a section that has its own page,
 * and names the section's sub-navigation after that toggle (aria-labelledby). With no text in the toggle,
 * a screen reader hears an unnamed control, and every such sub-navigation is an unnamed landmark. The toggle
 * is named here after its section («2025/26 учебный год»), which names its landmark too; again
 * on every page Material's instant navigation swaps in (document$).
 */
(function () {
  "use strict";

  if (window.__pfNav) {
    return;
  }
  window.__pfNav = true;

  function name() {
    document.querySelectorAll("label.md-nav__link[for^='__nav_']").forEach(function (toggle) {
      if (toggle.textContent.trim()) {
        return;
      }
      var link = toggle.parentElement ? toggle.parentElement.querySelector("a") : null;
      var text = link ? link.textContent.replace(/\s+/g, " ").trim() : "";
      if (text) {
        // text, not aria-label: ARIA does not allow a name on a <label>, and the landmark reads this text
        var hidden = document.createElement("span");
        hidden.className = "pf-visually-hidden";
        hidden.textContent = text;
        toggle.appendChild(hidden);
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(name);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", name);
  } else {
    name();
  }
})();
