// BookNow business console: the only script, and nothing depends on it.
// Every page works without it; it only moves focus to a page's alert, so a
// keyboard or screen reader user lands on what went wrong.
(function () {
  "use strict";
  var alert = document.querySelector("[role=alert]");
  if (alert) { alert.setAttribute("tabindex", "-1"); alert.focus(); }
})();
