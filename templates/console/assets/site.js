// BookNow business console: the only script, and nothing depends on it.
// Every page works without it. What it does:
// - It moves focus to a page's alert, so a keyboard or screen reader user
//   lands on what went wrong.
// - In the message editor it numbers the lines of each template beside its
//   field, and a lint problem's link puts the cursor at the problem's line
//   and column (without the script the link still goes to the field).
// - Live preview: 400 ms after the last keystroke in the editor (or a change
//   of the booking to preview with), it posts the form, CSRF token included,
//   to the form's data-live address (POST …/preview/live: the server's own
//   lint and render, the region below the form without the page around it)
//   and puts the answer in place of #live-preview. A newer request aborts the
//   older one still on its way. Focus stays where it is; the #preview-status
//   region (role=status, polite) says whether the preview was updated. An
//   answer other than the region (signed out, refused) changes nothing; the
//   Preview button still works as without the script. Same-origin fetch is
//   allowed by the pages' CSP (default-src 'self', which connect-src follows).
(function () {
  "use strict";
  var alert = document.querySelector("[role=alert]");
  if (alert) { alert.setAttribute("tabindex", "-1"); alert.focus(); }

  function numberLines(field) {
    var gutter = document.createElement("pre");
    gutter.className = "gutter";
    gutter.setAttribute("aria-hidden", "true");
    field.parentNode.insertBefore(gutter, field);
    function update() {
      var count = field.value.split("\n").length, lines = [];
      for (var i = 1; i <= count; i++) { lines.push(String(i)); }
      gutter.textContent = lines.join("\n");
      gutter.scrollTop = field.scrollTop;
    }
    field.addEventListener("input", update);
    field.addEventListener("scroll", function () { gutter.scrollTop = field.scrollTop; });
    update();
  }
  var fields = document.querySelectorAll("textarea.code");
  for (var i = 0; i < fields.length; i++) { numberLines(fields[i]); }

  // Lines and columns count from 1, as lint reports them.
  function moveTo(field, line, column) {
    var lines = field.value.split("\n"), offset = 0;
    for (var n = 0; n < line - 1 && n < lines.length; n++) { offset += lines[n].length + 1; }
    offset = Math.min(offset + Math.max(column - 1, 0), field.value.length);
    field.focus();
    field.setSelectionRange(offset, offset);
  }
  // Delegated: the live preview replaces the problems' links.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-line]") : null;
    var field = link && document.getElementById("part-" + link.getAttribute("data-part"));
    if (!field) { return; }
    event.preventDefault();
    moveTo(field, parseInt(link.getAttribute("data-line"), 10), parseInt(link.getAttribute("data-column"), 10));
  });

  var form = document.getElementById("editor-form");
  var region = document.getElementById("live-preview");
  var status = document.getElementById("preview-status");
  if (!form || !region || !status || !form.getAttribute("data-live") || !window.fetch || !window.AbortController) { return; }
  var timer = null, pending = null;
  function refresh() {
    if (pending) { pending.abort(); }
    var mine = pending = new AbortController();
    fetch(form.getAttribute("data-live"), {
      method: "POST", credentials: "same-origin", signal: mine.signal,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (response) {
      // 422: the region with lint problems or the render's failure, no preview.
      if (response.redirected || (!response.ok && response.status !== 422)) { throw new Error("no preview"); }
      return response.text();
    }).then(function (html) {
      if (mine !== pending) { return; }
      region.innerHTML = html;
      var summary = region.querySelector("[data-summary]");
      status.textContent = summary ? summary.textContent : "";
    }).catch(function () {}).then(function () {
      if (mine === pending) { pending = null; }
    });
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  }
  // Typing fires "input"; a choice of booking fires "change" (and "input" in
  // most browsers: the pause joins the two into one request).
  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
