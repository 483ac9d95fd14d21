// Suggests page and biobank titles in the search box's <datalist> as the reader types, in
// the page's language (the autocomplete URL has no language prefix: `lang` says it).
// The browser renders the list, so it works with the keyboard and screen readers; without
// JavaScript the box is a plain search field.
(function () {
  "use strict";
  var input = document.querySelector("input[data-autocomplete-url]");
  if (!input || !input.list) return;
  var list = input.list;
  var timer = null;
  var lastQuery = "";

  function fill(suggestions) {
    list.replaceChildren.apply(list, suggestions.map(function (title) {
      var option = document.createElement("option");
      option.value = title;
      return option;
    }));
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    if (query.length < 2 || query === lastQuery) return;
    timer = setTimeout(function () {
      lastQuery = query;
      var language = input.dataset.autocompleteLang || document.documentElement.lang || "";
      var url = input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(query) +
        (language ? "&lang=" + encodeURIComponent(language) : "");
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === query) fill(data.suggestions); })
        .catch(function () { /* suggestions are a convenience; typing still works */ });
    }, 200);
  });
})();
