// BookNow business console: the only script, and nothing depends on it.
// Every page works without it. It moves focus to a page's alert, so a
// keyboard or screen reader user lands on what went wrong; in the message
// editor it numbers the lines of each template beside its field, and a
// lint problem's link puts the cursor at the problem's line and column
// (without the script the link still goes to the field).
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
  var links = document.querySelectorAll("a[data-line]");
  for (var j = 0; j < links.length; j++) {
    links[j].addEventListener("click", function (event) {
      var field = document.getElementById("part-" + this.getAttribute("data-part"));
      if (!field) { return; }
      event.preventDefault();
      moveTo(field, parseInt(this.getAttribute("data-line"), 10), parseInt(this.getAttribute("data-column"), 10));
    });
  }
})();
