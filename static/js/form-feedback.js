// After a form is sent, start keyboard and screen-reader users at the server's answer instead of
// at the top of a long page (or at a fresh, empty form further down): the focus moves to the
// error summary (templates/includes/error_summary.html, whose links lead on to each field), else
// to the first field with an error, else to the page's status messages.
// Runs on "load", after the browser has moved to the #fragment of a redirect's URL.
window.addEventListener("load", function () {
  "use strict";
  var main = document.getElementById("main");
  var active = document.activeElement;
  if (!main || (active && active !== document.body && !active.matches(":target"))) {
    return;  // the reader has already moved on
  }
  var target = main.querySelector("form[method=post] .form-errors, form[method=post] [role=alert]") ||
    main.querySelector("form[method=post] [aria-invalid=true]") ||
    main.querySelector(".messages");
  if (!target) return;
  if (!target.matches("input, select, textarea, button, a[href]")) {
    target.setAttribute("tabindex", "-1");
  }
  target.focus();
});

// A link of the error summary moves the focus to its field (a fragment link alone only scrolls)
// and shows the field's label or legend with it, as the question is asked there.
document.addEventListener("click", function (event) {
  "use strict";
  var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
  if (!link) return;
  var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
  if (!field || typeof field.focus !== "function") return;
  event.preventDefault();
  var group = field.closest("fieldset, .field");
  var caption = group && group.querySelector("legend, label");
  (caption || field).scrollIntoView({ block: "start" });
  field.focus({ preventScroll: true });
});
