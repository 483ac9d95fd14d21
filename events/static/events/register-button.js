// The Register button near the top of an event page is fixed to the bottom of the screen on a
// phone (event.css). Hide it while the registration form is on screen or scrolled past, so it
// never covers the form or what follows it. Without JavaScript the button simply stays.
(function () {
  "use strict";
  var bar = document.querySelector("[data-register-button]");
  var form = document.getElementById("register");
  if (!bar || !form || !("IntersectionObserver" in window)) return;
  new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      var reached = entry.isIntersecting || entry.boundingClientRect.top < 0;
      bar.classList.toggle("event-cta--hidden", reached);
    });
  }).observe(form);
})();
