// The finders' filter panel (templates/includes/filter_panel.html): on a phone the panel waits
// behind "Filters (n)", a disclosure button. Without JavaScript the button stays hidden and a
// link leads to the panel, which then follows the results; the form works as a plain GET form.
(function () {
  "use strict";
  document.querySelectorAll("[data-finder]").forEach(function (finder) {
    var button = finder.querySelector(".finder__toggle");
    var jump = finder.querySelector(".finder__jump");
    var panel = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) return;

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      finder.classList.toggle("finder--open", open);
    }

    finder.classList.add("finder--js");
    button.hidden = false;
    if (jump) jump.hidden = true;
    setOpen(false);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      setOpen(open);
      if (open) {
        var first = panel.querySelector("input, select, summary, button");
        if (first) first.focus();
      }
    });
    // Escape closes the open panel and gives the focus back to its button.
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && finder.classList.contains("finder--open")) {
        setOpen(false);
        button.focus();
      }
    });
  });
})();
