// Sorts the statistics table in place, without a reload, and keeps the map's links on the
// new order. The page works without this file: every heading is a link the server answers
// with the same order. The rules here mirror src/stats.rs exactly (keys, first directions,
// tie-breaking, fallbacks), so a URL shows the same rows whether the server or the browser
// sorted them.
(function () {
  "use strict";

  // The header's link to the other language keeps the anchor the reader is at: the server
  // cannot see it, and the rows' anchors are the same in both languages.
  var switchLink = document.querySelector("a[data-keep-anchor]");
  if (switchLink) {
    switchLink.addEventListener("click", function () {
      switchLink.setAttribute("href", switchLink.getAttribute("href").split("#")[0] + location.hash);
    });
  }
})();

(function () {
  "use strict";

  var table = document.getElementById("stats");
  if (!table || !table.tHead || !window.history || !history.pushState) {
    return;
  }
  var tbody = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var status = document.getElementById("sort-status");
  var form = document.querySelector("form.filters");
  var canonical = document.querySelector('link[rel="canonical"]');
  // The map's tiles link to rows of this view; their query follows the sort.
  var tileLinks = Array.prototype.slice.call(document.querySelectorAll(".tiles a[href]"));
  // The page's own address, in its language: /statistics or /ja/statistics.
  var PATH = location.pathname;
  var MAX_VALUE_LEN = 16;
  var KEYS = ["order", "name", "type", "region", "cirs", "share"];
  var KINDS = ["prefecture", "city"];
  var REGIONS = ["hokkaido", "tohoku", "kanto", "chubu", "kansai", "chugoku", "shikoku", "kyushu"];

  function firstDirection(key) {
    return key === "cirs" || key === "share" ? "desc" : "asc";
  }

  // One query parameter: the allowed value it names, or null when absent, repeated,
  // too long or unknown.
  function param(params, name, allowed) {
    var values = params.getAll(name);
    if (values.length !== 1 || values[0].length > MAX_VALUE_LEN) {
      return null;
    }
    var value = values[0].toLowerCase();
    return allowed.indexOf(value) >= 0 ? value : null;
  }

  function parse(search) {
    var params = new URLSearchParams(search);
    var sort = param(params, "sort", KEYS) || "order";
    return {
      sort: sort,
      dir: param(params, "dir", ["asc", "desc"]) || firstDirection(sort),
      type: param(params, "type", KINDS),
      region: param(params, "region", REGIONS)
    };
  }

  function query(view) {
    var parts = [];
    if (view.sort !== "order" || view.dir !== "asc") {
      parts.push("sort=" + view.sort, "dir=" + view.dir);
    }
    if (view.type) {
      parts.push("type=" + view.type);
    }
    if (view.region) {
      parts.push("region=" + view.region);
    }
    return parts.length ? "?" + parts.join("&") : "";
  }

  function sortedBy(view, key) {
    var dir = key === view.sort ? (view.dir === "asc" ? "desc" : "asc") : firstDirection(key);
    return { sort: key, dir: dir, type: view.type, region: view.region };
  }

  // The column each key's values are in: the column of the heading that sorts by it.
  var column = {};
  heads.forEach(function (th, i) {
    column[th.getAttribute("data-key")] = i;
  });

  function number(cell) {
    // Whole numbers, written with the site's thousands separator, whatever it is.
    return Number(cell.textContent.replace(/[^0-9]/g, ""));
  }

  // The value a row sorts by, read from its cells as the server wrote them. A cell whose
  // text is not its key (a Japanese name, read in kana) carries the server's key.
  function sortValue(row, key) {
    var cell = key === "order" || key === "cirs" || key === "share" ? null : row.cells[column[key]];
    if (cell && cell.hasAttribute("data-sort")) {
      var k = cell.getAttribute("data-sort");
      return key === "name" ? k : Number(k);
    }
    switch (key) {
      case "order":
        return number(row.cells[column.order]);
      case "name":
        // The name is the cell's first text; a city's prefecture follows it in a span.
        return row.cells[column.name].firstChild.nodeValue.trim().toLowerCase();
      case "type":
      case "region":
        return row.cells[column[key]].textContent.trim().toLowerCase();
      default:
        // The share is the count over one total: it orders exactly as the count does.
        return number(row.cells[column.cirs]);
    }
  }

  function apply(view, announce) {
    // Body rows with an id are places; the only other row says that none are shown.
    var rows = Array.prototype.filter
      .call(tbody.rows, function (row) {
        return row.id !== "";
      })
      .map(function (row) {
        return { row: row, value: sortValue(row, view.sort), order: sortValue(row, "order") };
      });
    rows.sort(function (a, b) {
      var c = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      if (view.dir === "desc") {
        c = -c;
      }
      // Ties keep the official order, in both directions.
      return c || a.order - b.order;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (entry) {
      fragment.appendChild(entry.row);
    });
    tbody.appendChild(fragment);

    heads.forEach(function (th) {
      var key = th.getAttribute("data-key");
      var link = th.querySelector("a.sort");
      if (key === view.sort) {
        th.setAttribute("aria-sort", view.dir === "asc" ? "ascending" : "descending");
      } else {
        th.removeAttribute("aria-sort");
      }
      if (link) {
        link.setAttribute("href", PATH + query(sortedBy(view, key)));
      }
    });
    keepSortInForm(view);
    keepDataBoxInStep(view);
    // The link to the other language names the view on screen.
    var switchLink = document.querySelector("a[data-keep-anchor]");
    if (switchLink) {
      switchLink.setAttribute("href", switchLink.getAttribute("href").split(/[?#]/)[0] + query(view));
    }
    tileLinks.forEach(function (link) {
      var row = link.getAttribute("href").split("#")[1];
      link.setAttribute("href", PATH + query(view) + "#" + row);
    });
    if (canonical) {
      canonical.href = canonical.href.split("?")[0] + query(view);
    }
    if (announce && status) {
      var th = heads.filter(function (h) {
        return h.getAttribute("data-key") === view.sort;
      })[0];
      // Put together with the page's own punctuation: "Sorted by CIRs, descending",
      // 並べ替え：国際交流員数、降順.
      status.textContent =
        table.getAttribute("data-sorted-by") + table.getAttribute("data-space") +
        (th ? th.textContent.trim() : view.sort) + table.getAttribute("data-separator") +
        table.getAttribute(view.dir === "asc" ? "data-ascending" : "data-descending");
    }
  }

  // The filter form carries the current sort, so filtering keeps it.
  function keepSortInForm(view) {
    if (!form) {
      return;
    }
    var fieldset = form.querySelector("fieldset") || form;
    ["sort", "dir"].forEach(function (name) {
      var input = form.querySelector('input[type="hidden"][name="' + name + '"]');
      var isDefault = view.sort === "order" && view.dir === "asc";
      if (isDefault) {
        if (input) {
          input.parentNode.removeChild(input);
        }
        return;
      }
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        fieldset.insertBefore(input, fieldset.firstChild.nextSibling);
      }
      input.value = name === "sort" ? view.sort : view.dir;
    });
  }

  // The download links and the citations name the view on screen.
  function keepDataBoxInStep(view) {
    Array.prototype.forEach.call(document.querySelectorAll(".data-box a[data-base]"), function (a) {
      a.setAttribute("href", a.getAttribute("data-base") + query(view));
    });
    Array.prototype.forEach.call(document.querySelectorAll(".data-box pre[data-url]"), function (pre) {
      var old = pre.getAttribute("data-url");
      var next = old.split("?")[0] + query(view);
      pre.textContent = pre.textContent.split(old).join(next);
      pre.setAttribute("data-url", next);
    });
  }

  var current = parse(location.search);
  history.replaceState({ cirSort: true }, "", location.href);

  table.tHead.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.sort") : null;
    // Let the browser open a new tab or window as asked.
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    current = sortedBy(current, link.parentNode.getAttribute("data-key"));
    apply(current, true);
    history.pushState({ cirSort: true }, "", PATH + query(current) + location.hash);
  });

  // Space activates a sort control as it would a button.
  table.tHead.addEventListener("keydown", function (event) {
    if ((event.key === " " || event.key === "Spacebar") && event.target.matches("a.sort")) {
      event.preventDefault();
      event.target.click();
    }
  });

  window.addEventListener("popstate", function () {
    var next = parse(location.search);
    // Filters change the rows the server sent, so only a reload can show another filter.
    if (next.type !== current.type || next.region !== current.region) {
      location.reload();
      return;
    }
    current = next;
    apply(current, true);
  });
})();
