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

  /*
   * The list of editions in the header of an edition's page (generator/site/versions_list.py) is Material's
   * version selector: its links are in the Tab order even while it is closed, so a keyboard passed every
   * edition of the site before reaching the page. Closed, its links are out of the Tab order; the button
   * (Enter, Space, a tap) opens it and moves to its first edition, Escape or leaving it closes it. The theme
   * adds the list after reading versions.json, so it is looked for as the header changes.
   */
  function editions() {
    var box = document.querySelector(".md-version");
    var button = box ? box.querySelector(".md-version__current") : null;
    if (!button || box.pfEditions) {
      return;
    }
    box.pfEditions = true;
    // The theme names the button «Выберите версию», which hides the edition it shows from a screen reader
    // (and a name must contain the visible text): the edition, then what the button does.
    button.setAttribute("aria-label", button.textContent.trim() + " — выбрать другой выпуск");
    function links() {
      return box.querySelectorAll(".md-version__link");
    }
    function open(yes) {
      links().forEach(function (link) {
        if (yes) {
          link.removeAttribute("tabindex");
        } else {
          link.setAttribute("tabindex", "-1");
        }
      });
      button.setAttribute("aria-expanded", yes ? "true" : "false");
    }
    open(false);
    button.addEventListener("click", function () {
      var yes = button.getAttribute("aria-expanded") !== "true";
      open(yes);
      if (yes && links().length) {
        links()[0].focus();
      }
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        open(false);
        button.focus();
      }
    });
    box.addEventListener("focusout", function (event) {
      if (!box.contains(event.relatedTarget)) {
        open(false);
      }
    });
  }

  var header = document.querySelector(".md-header");
  if (header && window.MutationObserver) {
    new MutationObserver(editions).observe(header, { childList: true, subtree: true });
  }
  editions();

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(name);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", name);
  } else {
    name();
  }
})();
