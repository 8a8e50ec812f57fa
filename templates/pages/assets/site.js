// BookNow pages: the only script, and nothing depends on it. On a waitlist
// offer it keeps "minutes left" current and warns (politely, through a live
// region) two minutes before the hold runs out, so the time never lapses
// without notice while the page is open. It runs only while the tab is visible.
(function () {
  "use strict";
  var hold = document.getElementById("hold-time");
  var warning = document.getElementById("hold-warning");
  if (!hold || !warning) { return; }
  var expires = Date.parse(hold.getAttribute("data-expires"));
  if (isNaN(expires)) { return; }
  var lang = document.documentElement.lang;
  var texts = {
    en: { left: " minutes left", soon: "Less than two minutes left to accept this time.", over: "The hold has run out. Reload the page to see what happens now." },
    es: { left: " minutos restantes", soon: "Quedan menos de dos minutos para aceptar esta hora.", over: "La reserva ha caducado. Recargue la página para ver qué ocurre ahora." }
  };
  var t = texts[lang] || texts.en;
  var warned = false;
  function update() {
    if (document.hidden) { return; }
    var minutes = Math.max(0, Math.floor((expires - Date.now()) / 60000));
    if (Date.now() >= expires) {
      warning.textContent = t.over;
      warning.className = "notice";
      return;
    }
    if (!warned && expires - Date.now() <= 120000) {
      warned = true;
      warning.textContent = t.soon;
      warning.className = "notice";
    }
  }
  update();
  setInterval(update, 15000);
  document.addEventListener("visibilitychange", update);
})();
