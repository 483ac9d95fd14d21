// The "Menu" button of a narrow screen: hides the navigation until asked for. Without JavaScript
// the button stays hidden and the navigation is simply shown.
(function () {
  "use strict";
  var header = document.querySelector("[data-site-header]");
  var button = header && header.querySelector("[data-menu-toggle]");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;

  function setOpen(open) {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-open", open);
  }

  header.classList.add("has-menu-js");
  button.hidden = false;
  setOpen(false);
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  header.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" &&
        getComputedStyle(button).display !== "none") {
      setOpen(false);
      button.focus();
    }
  });
})();
