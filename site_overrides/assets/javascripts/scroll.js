/*
 * Профориентир: a table wider than the text scrolls inside its own box (extra.css), never the page. Such a
 * box is made reachable from the keyboard, so that it can be scrolled without a mouse (axe
 * scrollable-region-focusable): it gets tabindex="0" while — and only while — it actually scrolls, and
 * Material's wrapper around Markdown tables becomes a region named by its table's caption.
 *
 * Whether a box scrolls changes with the window's width and when a folded table (<details>) is opened, so
 * the check runs again on resize, on every toggle of a <details> and on every page Material's instant
 * navigation swaps in (document$).
 */
(function () {
  "use strict";

  if (window.__pfScroll) {
    return;
  }
  window.__pfScroll = true;

  var MARK = "data-pf-scroll";

  function scrolls(box) {
    var overflow = window.getComputedStyle(box).overflowX;
    return (overflow === "auto" || overflow === "scroll") && box.scrollWidth > box.clientWidth + 1;
  }

  function name(box) {
    var caption = box.querySelector("caption");
    var text = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    return text ? "Таблица: " + text : "Таблица";
  }

  function update() {
    document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset table").forEach(function (box) {
      if (scrolls(box)) {
        if (!box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute(MARK, "");
          if (box.tagName !== "TABLE") {
            box.setAttribute("role", "region");
            box.setAttribute("aria-label", name(box));
          }
        }
      } else if (box.hasAttribute(MARK)) {
        box.removeAttribute("tabindex");
        box.removeAttribute(MARK);
        if (box.tagName !== "TABLE") {
          box.removeAttribute("role");
          box.removeAttribute("aria-label");
        }
      }
    });
  }

  var pending = false;
  function later() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        update();
      });
    }
  }

  window.addEventListener("resize", later);
  document.addEventListener("toggle", later, true); // toggle does not bubble: caught on the way down

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(later); // after Material has wrapped the page's tables
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", later);
  } else {
    later();
  }
})();
