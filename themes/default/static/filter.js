// Search and filters for a regional menukaart.
//
// Without JavaScript the page shows the overview table with every
// intervention, then the full cards grouped by thema. With it, the form
// above the overview narrows both at once, says how many match, updates the
// counts in the table of contents, and keeps its state in the address
// (?zoek=…&aandoening=a&aandoening=b&geen_kosten=ja), so a filtered view can
// be shared, bookmarked and restored on reload. The data comes from data-*
// attributes on each overview row; no index file is loaded. The search
// text of a row includes the search words of its aandoeningen and themas
// (src/vocab.rs), so "dm2" finds diabetes type 2.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-interventie]"));
  var cards = {};
  Array.prototype.forEach.call(document.querySelectorAll("article.card[data-interventie]"), function (card) {
    cards[card.getAttribute("data-interventie")] = card;
  });
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.thema-groep"));
  var tocItems = Array.prototype.slice.call(document.querySelectorAll(".toc li[data-thema]"));
  var result = document.getElementById("filter-uitslag");
  // Aandoening, thema, vergoeding and vorm sit in a <details>: open on a
  // wide screen, closed on a phone so the overview stays near the top.
  var more = document.getElementById("meer-filters");
  var moreCount = document.getElementById("filter-aantal");
  // Single-value fields; "aandoening" may be chosen more than once.
  var fields = ["zoek", "thema", "vergoeding", "vorm", "geen_kosten"];
  var aandoeningen = Array.prototype.slice.call(form.querySelectorAll('input[name="aandoening"]'));

  // Lowercase and without accents, so "dietist" finds "diëtist".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  rows.forEach(function (row) { row.zoektekst = fold(row.getAttribute("data-zoek") || ""); });

  function words(row, name) {
    return (row.getAttribute("data-" + name) || "").split(/\s+/).filter(Boolean);
  }

  function state() {
    var s = {};
    fields.forEach(function (name) {
      var el = form.elements[name];
      if (!el) return;
      s[name] = el.type === "checkbox" ? (el.checked ? el.value : "") : el.value.trim();
    });
    s.aandoening = aandoeningen.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
    return s;
  }

  function active(s) {
    return s.aandoening.length > 0 || fields.some(function (name) { return s[name]; });
  }

  // Several aandoeningen: a patient with diabetes who also smokes needs to
  // see what helps with either, so a row matches when it names at least one.
  function matches(row, s) {
    if (s.thema && words(row, "themas").indexOf(s.thema) < 0) return false;
    if (s.aandoening.length) {
      var own = words(row, "aandoeningen");
      if (!s.aandoening.some(function (a) { return own.indexOf(a) >= 0; })) return false;
    }
    if (s.vergoeding && words(row, "vergoedingen").indexOf(s.vergoeding) < 0) return false;
    if (s.vorm && words(row, "vormen").indexOf(s.vorm) < 0) return false;
    if (s.geen_kosten && row.getAttribute("data-geen-kosten") !== "ja") return false;
    if (s.zoek) {
      var terms = fold(s.zoek).split(/\s+/).filter(Boolean);
      for (var i = 0; i < terms.length; i++) {
        if (row.zoektekst.indexOf(terms[i]) < 0) return false;
      }
    }
    return true;
  }

  function apply(updateAddress) {
    var s = state();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row, s);
      row.hidden = !ok;
      var card = cards[row.getAttribute("data-interventie")];
      if (card) card.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("article.card:not([hidden])");
    });
    // The table of contents counts what is shown in each thema.
    tocItems.forEach(function (item) {
      var group = document.getElementById("thema-" + item.getAttribute("data-thema"));
      var count = group ? group.querySelectorAll("article.card:not([hidden])").length : 0;
      item.querySelector(".toc-aantal").textContent = String(count);
      item.hidden = count === 0;
    });
    var inMore = s.aandoening.length + ["thema", "vergoeding", "vorm"].filter(function (name) { return s[name]; }).length;
    if (moreCount) moreCount.textContent = inMore ? "(" + inMore + " gekozen)" : "";
    if (!active(s)) {
      result.textContent = "Alle " + rows.length + " interventies worden getoond.";
    } else if (shown === 0) {
      result.textContent = "Geen interventies gevonden. Wis een filter om meer te zien.";
    } else {
      result.textContent = shown + " van de " + rows.length + (shown === 1 ? " interventie past." : " interventies passen.");
    }
    if (updateAddress) {
      var params = new URLSearchParams();
      fields.forEach(function (name) { if (s[name]) params.set(name, s[name]); });
      s.aandoening.forEach(function (a) { params.append("aandoening", a); });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    fields.forEach(function (name) {
      var el = form.elements[name];
      if (!el || !params.has(name)) return;
      if (el.type === "checkbox") {
        el.checked = params.get(name) === el.value;
      } else {
        el.value = params.get(name);
        // A value that is not among the options leaves the filter off.
        if (el.tagName === "SELECT" && el.value !== params.get(name)) el.value = "";
      }
    });
    var chosen = params.getAll("aandoening");
    aandoeningen.forEach(function (box) { box.checked = chosen.indexOf(box.value) >= 0; });
  }

  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.hidden = false;
  restore();
  if (more) {
    var chosen = state();
    more.open = window.matchMedia("(min-width: 40rem)").matches ||
      chosen.aandoening.length > 0 || Boolean(chosen.thema || chosen.vergoeding || chosen.vorm);
  }
  apply(false);
})();
