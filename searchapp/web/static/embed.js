/*
 * The archive's search box for other sites:
 *   <script src="https://SEARCH-HOST/embed.js" data-target="#archive-search" async></script>
 * Options (data- attributes on the script tag): placeholder, lang (en|ru), results (1-20),
 * new-tab (true|false), person, org, city (preset filters: ids or names).
 * Markup and styles live in the target's Shadow DOM; the only global is window.ArchiveSearch.
 * No dependencies; it talks to the archive's JSON API (which sends CORS headers).
 */
(function () {
  "use strict";
  if (window.ArchiveSearch) {
    window.ArchiveSearch.mountScript(document.currentScript);
    return;
  }

  var TEXT = {
    en: { placeholder: "Search the archive", label: "Search the archive", all: "See all results", follow: "Follow",
          none: "No results", results: function (n) { return n + (n === 1 ? " result" : " results"); },
          error: "The archive cannot be reached right now.", nodate: "no date",
          langs: { en: "en", ru: "ru" } },
    ru: { placeholder: "Поиск по архиву", label: "Поиск по архиву", all: "Все результаты", follow: "Следить",
          none: "Ничего не найдено", results: function (n) { return "Найдено: " + n; },
          error: "Архив сейчас недоступен.", nodate: "без даты",
          langs: { en: "англ.", ru: "рус." } }
  };

  var CSS = [
    ":host{all:initial;display:block;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1d2330}",
    ".w{position:relative;max-width:40em}",
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "input{box-sizing:border-box;width:100%;font:inherit;padding:.55em .8em;border:1px solid #9aa3b2;border-radius:6px;background:#fff;color:inherit}",
    "input:focus{outline:3px solid #f2a900;outline-offset:1px}",
    ".panel{position:absolute;z-index:2147483000;left:0;right:0;top:calc(100% + 4px);background:#fff;border:1px solid #c9cfd9;border-radius:6px;box-shadow:0 6px 24px rgba(0,0,0,.15);max-height:32em;overflow:auto}",
    ".panel[hidden]{display:none}",
    "ul{list-style:none;margin:0;padding:0}",
    "li{padding:.55em .8em;border-bottom:1px solid #eceff3;cursor:pointer}",
    "li[aria-selected=true]{background:#e4edf8}",
    "a{color:#1f5fa8;text-decoration:none}",
    ".title{color:#1f5fa8;font-weight:600}",
    ".meta{color:#5a6272;font-size:.8em}",
    ".snip{margin:.15em 0 0;font-size:.88em}",
    "mark{background:#fff0a8;color:inherit}",
    ".head{position:sticky;top:0;z-index:1;display:flex;justify-content:space-between;gap:1em;padding:.5em .8em;font-size:.88em;background:#f6f8fb;border-bottom:1px solid #eceff3}",
    ".status{color:#5a6272;margin:0}",
    ".all:focus,.feed:focus{outline:3px solid #f2a900}",
    ".links{display:flex;gap:1em}"
  ].join("");

  var counter = 0;

  function option(script, name, fallback) {
    var value = script.getAttribute("data-" + name);
    return value === null || value === "" ? fallback : value;
  }

  // A constructed stylesheet, not a <style> element: pages with a strict Content-Security-Policy
  // (no 'unsafe-inline' styles) refuse the latter.
  function style(root) {
    if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      var element = document.createElement("style");
      element.textContent = CSS;
      root.appendChild(element);
    }
  }

  function mount(target, options) {
    var host = typeof target === "string" ? document.querySelector(target) : target;
    if (!host || host.shadowRoot) return null;
    var base = options.base.replace(/\/$/, "");
    var lang = TEXT[options.lang] ? options.lang : "en";
    var t = TEXT[lang];
    var size = Math.min(Math.max(parseInt(options.results, 10) || 5, 1), 20);
    var newTab = options.newTab === true || options.newTab === "true";
    var id = "as" + (++counter);
    var root = host.attachShadow({ mode: "open" });
    root.innerHTML =
      '<div class="w" role="search">' +
      '<label class="vh" for="' + id + 'q"></label>' +
      '<input id="' + id + 'q" type="search" autocomplete="off" role="combobox" aria-autocomplete="list" ' +
      'aria-expanded="false" aria-controls="' + id + 'l" list="' + id + 's"><datalist id="' + id + 's"></datalist>' +
      // The count and "see all results" head the panel (and stay in view while its list scrolls).
      '<div class="panel" hidden><div class="head"><p class="status" role="status" aria-live="polite"></p>' +
      '<span class="links"><a class="feed" type="application/atom+xml"></a><a class="all"></a></span></div><ul id="' + id + 'l" role="listbox"></ul></div></div>';
    style(root);
    var input = root.querySelector("input");
    var panel = root.querySelector(".panel");
    var list = root.querySelector("ul");
    var status = root.querySelector(".status");
    var all = root.querySelector(".all");
    var feed = root.querySelector(".feed");
    root.querySelector("label").textContent = t.label;
    input.placeholder = options.placeholder || t.placeholder;
    all.textContent = t.all;
    if (newTab) all.target = "_blank";
    all.rel = "noopener";
    // "Follow": the Atom feed of the search, which a feed reader polls for new articles.
    feed.textContent = t.follow;
    feed.title = t.follow + ": Atom";
    feed.rel = "noopener";
    if (newTab) feed.target = "_blank";

    var filters = [];
    [["person", options.person], ["org", options.org], ["city", options.city]].forEach(function (pair) {
      if (pair[1]) filters.push(pair[0] + "=" + encodeURIComponent(pair[1]));
    });
    var active = -1;
    var sequence = 0;
    var timer = null;

    function query(q) {
      return ["q=" + encodeURIComponent(q), "hl=" + lang].concat(filters).join("&");
    }

    function open(state) {
      panel.hidden = !state;
      input.setAttribute("aria-expanded", String(state));
    }

    function select(index) {
      var items = list.children;
      if (!items.length) return;
      active = (index + items.length) % items.length;
      for (var i = 0; i < items.length; i++) items[i].setAttribute("aria-selected", String(i === active));
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function go(url) {
      if (newTab) window.open(url, "_blank", "noopener");
      else window.location.href = url;
    }

    function render(data, q) {
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      data.results.forEach(function (hit, i) {
        var li = document.createElement("li");
        li.id = id + "o" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        // An option holds text only (no link inside: nested interactive elements confuse screen
        // readers); choosing it opens the article.
        li.setAttribute("data-href", hit.url + "?" + query(q));
        var title = document.createElement("span");
        title.className = "title";
        title.textContent = hit.title;
        var meta = document.createElement("div");
        meta.className = "meta";
        meta.textContent = [hit.date || t.nodate, t.langs[hit.lang] || hit.lang, hit.source].filter(Boolean).join(" · ");
        var snip = document.createElement("p");
        snip.className = "snip";
        snip.innerHTML = hit.snippet; // escaped by the server; only <mark> is markup
        li.appendChild(title);
        li.appendChild(meta);
        li.appendChild(snip);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { go(li.getAttribute("data-href")); });
        list.appendChild(li);
      });
      status.textContent = data.total ? t.results(data.total) : t.none;
      all.href = base + "/?" + query(q);
      feed.href = base + "/feed?" + query(q);
      open(true);
    }

    // Completions (titles and names) from the archive's OpenSearch suggestions.
    function suggest(q, mine) {
      var datalist = root.querySelector("datalist");
      fetch(base + "/api/suggest?q=" + encodeURIComponent(q), { credentials: "omit" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (mine !== sequence) return;
          datalist.textContent = "";
          data[1].forEach(function (text) {
            var item = document.createElement("option");
            item.value = text;
            datalist.appendChild(item);
          });
        })
        .catch(function () {});
    }

    function search() {
      var q = input.value.trim();
      var mine = ++sequence;
      if (!q) { open(false); return; }
      if (q.length > 1) suggest(q, mine);
      fetch(base + "/api/search?" + query(q) + "&size=" + size, { credentials: "omit" })
        .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
        .then(function (data) { if (mine === sequence) render(data, q); })
        .catch(function () {
          if (mine !== sequence) return;
          list.textContent = "";
          status.textContent = t.error;
          open(true);
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); open(true); select(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); select(active - 1); }
      // Escape closes the list and keeps the query (a search field's own Escape would clear it).
      else if (event.key === "Escape") { event.preventDefault(); open(false); }
      else if (event.key === "Enter") {
        event.preventDefault();
        var item = list.children[active];
        if (item) go(item.getAttribute("data-href"));
        else if (input.value.trim()) go(base + "/?" + query(input.value.trim()));
      }
    });
    input.addEventListener("focus", function () { if (list.children.length) open(true); });
    root.addEventListener("focusout", function (event) {
      if (!root.contains(event.relatedTarget)) open(false);
    });
    return { input: input, search: search };
  }

  function mountScript(script) {
    if (!script || !script.getAttribute("data-target")) return null;
    var options = {
      base: new URL(script.src, document.baseURI).origin,
      placeholder: option(script, "placeholder", ""),
      lang: option(script, "lang", (document.documentElement.lang || "en").slice(0, 2)),
      results: option(script, "results", "5"),
      newTab: option(script, "new-tab", "false"),
      person: option(script, "person", ""),
      org: option(script, "org", ""),
      city: option(script, "city", "")
    };
    var target = script.getAttribute("data-target");
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { mount(target, options); });
      return null;
    }
    return mount(target, options);
  }

  window.ArchiveSearch = { mount: mount, mountScript: mountScript };
  mountScript(document.currentScript);
})();
