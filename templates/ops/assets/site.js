// BookNow operations console: the only script, and nothing depends on it.
// On the overview it re-reads the figures every 5 seconds, only while the tab
// is visible (a hidden tab asks nothing of the database), and once at once
// when the tab becomes visible again. Without it, reloading does the same.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) { return; }
  var source = live.getAttribute("data-live");
  var busy = false;
  function refresh() {
    if (document.hidden || busy) { return; }
    busy = true;
    fetch(source, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (response.redirected || !response.ok) { throw new Error("not signed in"); }
        return response.text();
      })
      .then(function (html) { live.innerHTML = html; })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  setInterval(refresh, 5000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { refresh(); } });
})();
