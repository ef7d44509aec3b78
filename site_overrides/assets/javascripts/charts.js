/*
 * Профориентир: draws each trend chart with vega-embed over its static SVG.
 *
 * Every chart on a page is a <figure class="pf-chart" data-spec="…json"> holding a static SVG <img>
 * (drawn at build time by vl-convert) and a caption; a table with the same numbers follows. This script
 * replaces the picture by the live chart (tooltips, full page width) when the figure comes near the
 * viewport. Whatever fails — no script bundle, a missing spec, an old browser — the static image stays,
 * and at most a console warning is left: the page must never show a broken chart or log an error.
 *
 * Vega, Vega-Lite and vega-embed come from assets/vendor/vega-bundle.js, served by the site itself; a
 * trend chart's numbers are read from its table on the page and drawn in the template its kind shares
 * (fetched from the site); an overview chart's spec is in the page's one charts.json. No request ever
 * goes to another host.
 *
 * Material's instant navigation swaps the page content without reloading scripts, so the charts are set
 * up again on every emission of Material's document$ (which also fires for the first page).
 */
(function () {
  "use strict";

  if (window.__pfCharts) {
    return; // this file ran already on this document: its subscription is in place
  }
  window.__pfCharts = true;

  // d3-format / d3-time-format ru-RU, as generator/site/charts.py passes them to vl-convert (FORMAT_LOCALE,
  // TIME_FORMAT_LOCALE): decimal comma, no-break space between thousands, nominative month names.
  var FORMAT_LOCALE = {
    decimal: ",",
    thousands: "\u00a0",
    grouping: [3],
    currency: ["", "\u00a0\u20bd"],
    minus: "\u2212",
  };
  var TIME_FORMAT_LOCALE = {
    dateTime: "%A, %e %B %Y г. %X",
    date: "%d.%m.%Y",
    time: "%H:%M:%S",
    periods: ["", ""],
    days: ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
    shortDays: ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
    months: ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
      "ноябрь", "декабрь"],
    shortMonths: ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
  };
  // The pages' Content-Security-Policy (main.html) allows no eval and no inline <style>: Vega evaluates
  // its expressions with its interpreter (ast), and neither vega-embed nor its tooltip inserts a <style>
  // element (their rules are in charts.css).
  var EMBED_OPTIONS = {
    actions: false,
    renderer: "svg",
    ast: true,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
    formatLocale: FORMAT_LOCALE,
    timeFormatLocale: TIME_FORMAT_LOCALE,
  };

  var observer = null;
  var live = []; // {figure, result}: views to release when their figure leaves the page

  function warn(figure, problem) {
    figure.setAttribute("data-pf-chart", "static");
    if (window.console && typeof console.warn === "function") {
      console.warn("Профориентир: график показан статичным изображением —", problem && problem.message || problem);
    }
  }

  function sameSite(href, base) {
    var url = new URL(href, base);
    if (url.origin !== window.location.origin) {
      throw new Error("спецификация не с этого сайта: " + url.href);
    }
    return url.href;
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status + " " + response.url);
      }
      return response.json();
    });
  }

  // A trend chart has no file of its own (generator/site/chartfile.py, whose parts_from_page() this
  // mirrors): its data-spec is the template its kind shares, whose variable places are {"pf-slot": name};
  // its numbers are the cells of its table (data-pf-table), the rest is on the figure. An overview chart's
  // data-spec is "charts.json#<anchor>": the page's one file of specs. Each file is fetched once per page load.
  var files = {};

  function getOnce(url) {
    if (!files[url]) {
      files[url] = getJson(url);
      files[url].catch(function () {
        delete files[url]; // a failed fetch is tried again for the next chart
      });
    }
    return files[url];
  }

  function fill(node, parts) {
    if (Array.isArray(node)) {
      return node.map(function (item) {
        return fill(item, parts);
      });
    }
    if (node && typeof node === "object") {
      var keys = Object.keys(node);
      if (keys.length === 1 && keys[0] === "pf-slot" && typeof node["pf-slot"] === "string") {
        if (!Object.prototype.hasOwnProperty.call(parts, node["pf-slot"])) {
          throw new Error("у графика нет части " + node["pf-slot"]);
        }
        return parts[node["pf-slot"]];
      }
      var out = {};
      keys.forEach(function (key) {
        out[key] = fill(node[key], parts);
      });
      return out;
    }
    return node;
  }

  function partsFromPage(figure) {
    var table = document.getElementById(figure.getAttribute("data-pf-table"));
    if (!table || !table.tBodies.length) {
      throw new Error("нет таблицы графика " + figure.getAttribute("data-pf-table"));
    }
    var series = JSON.parse(figure.getAttribute("data-pf-series"));
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var values = [];
    var seen = {};
    series.forEach(function (one, index) {
      rows.forEach(function (row) {
        var cell = row.querySelector('[data-pf-s="' + index + '"]');
        if (!cell) {
          return; // no point in this year
        }
        var label = row.cells[0].textContent;
        seen[label] = true;
        values.push({
          year: Number(row.getAttribute("data-pf-year")),
          label: label,
          series: one[0],
          value: JSON.parse(cell.getAttribute("data-pf-v")),
          formatted: cell.hasAttribute("data-pf-f") ? cell.getAttribute("data-pf-f") : cell.textContent,
        });
      });
    });
    var img = figure.querySelector("img.pf-chart__static");
    return {
      title: figure.getAttribute("data-pf-title"),
      description: img ? img.getAttribute("alt") : "",
      values: values,
      labels: rows
        .map(function (row) {
          return row.cells[0].textContent;
        })
        .filter(function (label) {
          return seen[label];
        }),
      series: series.map(function (one) {
        return one[0];
      }),
      colors: series.map(function (one) {
        return one[1];
      }),
      dashes: series.map(function (one) {
        return one[2];
      }),
      y_title: figure.hasAttribute("data-pf-unit") ? figure.getAttribute("data-pf-unit") : null,
      y_format: figure.getAttribute("data-pf-format"),
    };
  }

  function loadSpec(figure) {
    var href = figure.getAttribute("data-spec");
    var hash = href.indexOf("#");
    var url = sameSite(hash < 0 ? href : href.slice(0, hash), document.baseURI);
    if (figure.hasAttribute("data-pf-table")) {
      var parts = partsFromPage(figure); // read before the fetch: a page that lacks them fails at once
      return getOnce(url).then(function (template) {
        return fill(template, parts);
      });
    }
    return getOnce(url).then(function (file) {
      var key = hash < 0 ? "" : decodeURIComponent(href.slice(hash + 1));
      if (!file || !Object.prototype.hasOwnProperty.call(file, key)) {
        throw new Error("в файле графиков нет " + key);
      }
      return file[key];
    });
  }

  function draw(figure) {
    if (figure.hasAttribute("data-pf-chart")) {
      return; // already drawn, being drawn, or given up on
    }
    figure.setAttribute("data-pf-chart", "loading");
    var img = figure.querySelector("img.pf-chart__static");
    var box = null;
    var spec = null;
    Promise.resolve()
      .then(function () {
        return loadSpec(figure);
      })
      .then(function (loaded) {
        spec = loaded;
        if (!figure.isConnected) {
          return null; // the reader navigated away meanwhile
        }
        // A trend chart is drawn at the height its static picture is shown at (the picture declares its own
        // size, title and legend included, as the live chart's height does): the page does not move when
        // the picture gives way to the live chart. The spec kept for comparison (pfSpec) is the page's.
        var drawn = spec;
        var shown = img ? img.getBoundingClientRect().height : 0;
        if (figure.hasAttribute("data-pf-table") && shown > 0 && typeof spec.height === "number") {
          drawn = Object.assign({}, spec, { height: Math.round(shown) });
        }
        // A title longer than the chart is wide (a phone) goes on two lines rather than losing its end to «…».
        if (drawn.title && typeof drawn.title.text === "string") {
          var lines = wrap(drawn.title.text, figure.getBoundingClientRect().width);
          if (lines.length > 1) {
            drawn = Object.assign({}, drawn, { title: Object.assign({}, drawn.title, { text: lines }) });
          }
        }
        box = document.createElement("div");
        box.className = "pf-chart__live";
        // The spec turns off Vega's English labels of marks and axes (config.aria = false); label() then
        // makes the drawn SVG one image named by the figure's description, so a screen reader hears one
        // Russian description (the table below the chart carries the numbers).
        figure.insertBefore(box, img || figure.firstChild);
        return window.vegaEmbed(box, drawn, EMBED_OPTIONS);
      })
      .then(function (result) {
        if (!result) {
          return;
        }
        var watcher = label(box, description(figure, spec));
        figure.pfSpec = spec; // the spec drawn, for a test or a reader's console to compare with the table
        live.push({ figure: figure, result: result, watcher: watcher });
        figure.setAttribute("data-pf-chart", "live");
        figure.classList.add("pf-chart--live");
      })
      .catch(function (problem) {
        if (box && box.parentNode) {
          box.parentNode.removeChild(box);
        }
        figure.classList.remove("pf-chart--live");
        warn(figure, problem);
      });
  }

  // The title's words in lines that fit ``width`` px: up to ~11 px a letter of the 16 px semibold title font.
  function wrap(text, width) {
    var room = Math.max(12, Math.floor(width / 11));
    var lines = [];
    var line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > room) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    return lines;
  }

  function description(figure, spec) {
    var img = figure.querySelector("img.pf-chart__static");
    return (img && img.getAttribute("alt")) || (spec && spec.description) || "";
  }

  // vega-embed marks its container as a "graphics-document" and Vega still gives some marks roles of
  // their own ("line mark container", without a name: axe svg-img-alt). The drawn <svg> becomes one
  // image instead — role="img" named by the figure's description — and its parts are left unannounced.
  // Vega redraws the SVG on a window resize: it adds elements and also puts its own roles back on the
  // elements it keeps («line mark container», an unnamed graphics-symbol: axe svg-img-alt). So the watcher
  // sees both new elements and these attributes coming back, and takes them off again each time.
  function label(box, text) {
    function apply() {
      var svg = box.querySelector("svg");
      if (!svg) {
        return;
      }
      if (svg.getAttribute("role") !== "img") {
        svg.setAttribute("role", "img");
      }
      if (svg.getAttribute("aria-label") !== text) {
        svg.setAttribute("aria-label", text);
      }
      svg.querySelectorAll("[role], [aria-roledescription], [aria-label]").forEach(function (part) {
        part.removeAttribute("role");
        part.removeAttribute("aria-roledescription");
        part.removeAttribute("aria-label");
      });
    }
    ["role", "aria-roledescription", "aria-label"].forEach(function (name) {
      box.removeAttribute(name);
    });
    apply();
    if (!("MutationObserver" in window)) {
      return null;
    }
    var watcher = new MutationObserver(apply);
    watcher.observe(box, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["role", "aria-roledescription", "aria-label"],
    });
    return watcher;
  }

  function release() {
    // Views of figures that instant navigation removed: free their listeners and tooltips.
    live = live.filter(function (entry) {
      if (entry.figure.isConnected) {
        return true;
      }
      if (entry.watcher) {
        entry.watcher.disconnect();
      }
      try {
        entry.result.finalize();
      } catch (problem) {
        /* nothing left to release */
      }
      return false;
    });
  }

  function setup() {
    if (observer) {
      observer.disconnect();
      observer = null;
    }
    release();
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.pf-chart[data-spec]"));
    if (!figures.length || typeof window.vegaEmbed !== "function" || typeof window.fetch !== "function") {
      return; // the static images stay
    }
    if ("IntersectionObserver" in window) {
      observer = new IntersectionObserver(
        function (entries, self) {
          entries.forEach(function (entry) {
            if (entry.isIntersecting) {
              self.unobserve(entry.target);
              draw(entry.target);
            }
          });
        },
        { rootMargin: "300px 0px" }
      );
      figures.forEach(function (figure) {
        observer.observe(figure);
      });
    } else {
      figures.forEach(draw);
    }
  }

  // Printing shows the static images (see charts.css): make sure lazy ones are loaded by then.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("img.pf-chart__static[loading='lazy']").forEach(function (img) {
      img.loading = "eager";
    });
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
