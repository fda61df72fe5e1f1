// Filters and search for a regional menukaart.
//
// Without JavaScript the page shows every intervention, grouped by thema.
// With it, the form narrows the list at once, says how many match, and
// keeps its state in the address (?thema=…&geen_kosten=ja), so a
// filtered view can be shared, bookmarked and restored on reload. The data
// comes from data-* attributes on each card; no index file is loaded.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.card[data-themas]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.thema-groep"));
  var result = document.getElementById("filter-uitslag");
  var fields = ["zoek", "thema", "aandoening", "vergoeding", "vorm", "geen_kosten"];

  // Lowercase and without accents, so "dietist" finds "diëtist".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  cards.forEach(function (card) { card.zoektekst = fold(card.getAttribute("data-zoek") || ""); });

  function words(card, name) {
    return (card.getAttribute("data-" + name) || "").split(/\s+/).filter(Boolean);
  }

  function state() {
    var s = {};
    fields.forEach(function (name) {
      var el = form.elements[name];
      if (!el) return;
      s[name] = el.type === "checkbox" ? (el.checked ? el.value : "") : el.value.trim();
    });
    return s;
  }

  function matches(card, s) {
    if (s.thema && words(card, "themas").indexOf(s.thema) < 0) return false;
    if (s.aandoening && words(card, "aandoeningen").indexOf(s.aandoening) < 0) return false;
    if (s.vergoeding && words(card, "vergoedingen").indexOf(s.vergoeding) < 0) return false;
    if (s.vorm && words(card, "vormen").indexOf(s.vorm) < 0) return false;
    if (s.geen_kosten && card.getAttribute("data-geen-kosten") !== "ja") return false;
    if (s.zoek) {
      var terms = fold(s.zoek).split(/\s+/).filter(Boolean);
      for (var i = 0; i < terms.length; i++) {
        if (card.zoektekst.indexOf(terms[i]) < 0) return false;
      }
    }
    return true;
  }

  function apply(updateAddress) {
    var s = state();
    var shown = 0;
    cards.forEach(function (card) {
      var ok = matches(card, s);
      card.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("article.card:not([hidden])");
    });
    var active = fields.some(function (name) { return s[name]; });
    if (!active) {
      result.textContent = "Alle " + cards.length + " interventies worden getoond.";
    } else if (shown === 0) {
      result.textContent = "Geen interventies gevonden. Wis een filter om meer te zien.";
    } else {
      result.textContent = shown + " van de " + cards.length + (shown === 1 ? " interventie past." : " interventies passen.");
    }
    if (updateAddress) {
      var params = new URLSearchParams();
      fields.forEach(function (name) { if (s[name]) params.set(name, s[name]); });
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
  }

  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.hidden = false;
  restore();
  apply(false);
})();
