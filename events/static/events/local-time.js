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
  // The page's language, day before month and a 24-hour clock, as the rest of the page
  // ("Thursday 8 April 2027 at 07:00"): bare English would read the US way in Intl.
  var lang = document.documentElement.lang || "en";
  if (/^en(-US)?$/i.test(lang)) lang = "en-GB";
  document.querySelectorAll("time[data-local-time]").forEach(function (element) {
    if (!readerZone || readerZone === element.dataset.eventZone) return;
    var start = new Date(element.getAttribute("datetime"));
    var end = element.dataset.end ? new Date(element.dataset.end) : null;
    if (isNaN(start)) return;
    var day = new Intl.DateTimeFormat(lang, {
      weekday: "long", day: "numeric", month: "long", year: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: readerZone,
    });
    var time = new Intl.DateTimeFormat(lang, {
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short",
      timeZone: readerZone,
    });
    var text = day.format(start);
    if (end && !isNaN(end)) text += " – " + time.format(end);
    var note = document.createElement("span");
    note.className = "meta event-reader-time";
    note.textContent = (element.dataset.label || "Your time:") + " " + text;
    element.parentNode.insertBefore(note, element.nextSibling);
  });
})();
