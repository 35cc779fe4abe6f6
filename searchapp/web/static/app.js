// Progressive enhancement for the search page: facet filter boxes, result-count announcements and
// a keyboard shortcut. Everything works without it; htmx (served by the app) does the fetching.
(function () {
  "use strict";

  function fold(text) {
    return text.toLowerCase().replace(/ё/g, "е");
  }

  function setUpFilters(root) {
    root.querySelectorAll("input.facet-filter[hidden]").forEach(function (input) {
      input.hidden = false;
    });
  }

  function filterFacet(input) {
    var facet = input.dataset.facet;
    var wanted = fold(input.value.trim());
    var section = input.closest(".facet");
    if (input.dataset.server) {
      // The page has only the top values of this facet: the server finds the rest (htmx fetches them).
      section.classList.toggle("searching", Boolean(wanted));
      return;
    }
    var shown = 0;
    section.querySelectorAll("ul.facet-values[data-facet='" + facet + "'] > li").forEach(function (li) {
      var words = (li.dataset.match || "").split(/[\s\-]+/);
      var match = !wanted || words.some(function (w) { return w.indexOf(wanted) === 0; }) ||
        fold(li.dataset.match || "").indexOf(wanted) === 0;
      li.hidden = !match;
      if (match) shown += 1;
    });
    var more = section.querySelector("details.more");
    if (more && wanted) more.open = true;
    section.classList.toggle("filtering", Boolean(wanted));
    section.dataset.shown = String(shown);
  }

  function announce() {
    var count = document.getElementById("result-count");
    var announcer = document.getElementById("announcer");
    if (count && announcer) announcer.textContent = count.textContent;
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("input.facet-filter")) filterFacet(event.target);
  });

  document.addEventListener("keydown", function (event) {
    var q = document.getElementById("q");
    if (event.key === "/" && q && document.activeElement !== q &&
        !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      event.preventDefault();
      q.focus();
    }
  });

  // Completions for the search box from /api/suggest (titles and names, either script).
  var suggestTimer = null;
  var suggestSequence = 0;
  document.addEventListener("input", function (event) {
    if (event.target.id !== "q") return;
    var list = document.getElementById("q-suggestions");
    var q = event.target.value.trim();
    clearTimeout(suggestTimer);
    if (!list || q.length < 2) return;
    suggestTimer = setTimeout(function () {
      var mine = ++suggestSequence;
      fetch("/api/suggest?q=" + encodeURIComponent(q))
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (mine !== suggestSequence) return;
          list.textContent = "";
          data[1].forEach(function (text) {
            var option = document.createElement("option");
            option.value = text;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 150);
  });

  // "Copy" buttons on the embedding help page.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var code = document.getElementById(button.dataset.copy);
    if (!code) return;
    var done = function () { button.setAttribute("data-copied", "true"); button.textContent = "✓ " + button.textContent.replace(/^✓ /, ""); };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(code.textContent).then(done, function () {});
    } else {
      var range = document.createRange();
      range.selectNodeContents(code);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      if (document.execCommand("copy")) done();
    }
  });

  // The search box is outside the swapped region: keep it showing the query of the results shown,
  // after a link such as "did you mean" and after back/forward, but never while the user types in it.
  function syncQueryBox(always) {
    var q = document.getElementById("q");
    var state = document.getElementById("form-state");
    if (q && state && (always || document.activeElement !== q)) q.value = state.dataset.q || "";
  }

  document.addEventListener("DOMContentLoaded", function () { setUpFilters(document); });
  document.addEventListener("htmx:afterSettle", function (event) {
    setUpFilters(event.detail.target || document);
    syncQueryBox();
    announce();
  });
  // Back and forward: the box shows the restored results' query even if it still has the focus.
  document.addEventListener("htmx:historyRestore", function () {
    setUpFilters(document);
    syncQueryBox(true);
    announce();
  });
})();
