// Event times are shown as the clock reads where the event is. Readers in another time zone
// also get the times in their own zone, next to them (progressive enhancement: without
// JavaScript the event's own times, with the zone named, are there already).
(function () {
  "use strict";
  var readerZone;
  try {
    readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  var lang = document.documentElement.lang || undefined;
  document.querySelectorAll("time[data-local-time]").forEach(function (element) {
    if (!readerZone || readerZone === element.dataset.eventZone) return;
    var start = new Date(element.getAttribute("datetime"));
    var end = element.dataset.end ? new Date(element.dataset.end) : null;
    if (isNaN(start)) return;
    var day = new Intl.DateTimeFormat(lang, {
      weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit",
      timeZone: readerZone,
    });
    var time = new Intl.DateTimeFormat(lang, {
      hour: "2-digit", minute: "2-digit", timeZoneName: "short", timeZone: readerZone,
    });
    var text = day.format(start);
    if (end && !isNaN(end)) text += " – " + time.format(end);
    var note = document.createElement("span");
    note.className = "meta event-reader-time";
    note.textContent = (element.dataset.label || "Your time:") + " " + text;
    element.parentNode.insertBefore(note, element.nextSibling);
  });
})();
