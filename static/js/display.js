// Applies the text-size/contrast switch at once instead of reloading the page.
// Without JavaScript the form posts to /display/, which sets the same cookie.
(function () {
  "use strict";
  var SIZES = ["normal", "large", "larger"];
  var form = document.querySelector("[data-display-switch]");
  if (!form) return;
  var root = document.documentElement;

  function current() {
    var size = SIZES.find(function (s) { return root.classList.contains("text-" + s); }) || "normal";
    var contrast = root.classList.contains("contrast-high") ? "high" : "normal";
    return { size: size, contrast: contrast };
  }

  function apply(prefs) {
    SIZES.forEach(function (s) { root.classList.toggle("text-" + s, s === prefs.size); });
    root.classList.toggle("contrast-high", prefs.contrast === "high");
    root.classList.toggle("contrast-normal", prefs.contrast !== "high");
    var secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = "display=" + prefs.size + "." + prefs.contrast +
      "; path=/; max-age=31536000; SameSite=Lax" + secure;
    var index = SIZES.indexOf(prefs.size);
    form.querySelector('[value="smaller"]').setAttribute("aria-disabled", String(index === 0));
    form.querySelector('[value="larger"]').setAttribute("aria-disabled", String(index === SIZES.length - 1));
    form.querySelector('[value="contrast"]').setAttribute("aria-pressed", String(prefs.contrast === "high"));
  }

  form.addEventListener("submit", function (event) {
    var action = event.submitter && event.submitter.value;
    if (!action) return;
    event.preventDefault();
    var prefs = current();
    var index = SIZES.indexOf(prefs.size);
    if (action === "larger") prefs.size = SIZES[Math.min(index + 1, SIZES.length - 1)];
    if (action === "smaller") prefs.size = SIZES[Math.max(index - 1, 0)];
    if (action === "contrast") prefs.contrast = prefs.contrast === "high" ? "normal" : "high";
    apply(prefs);
  });
})();
