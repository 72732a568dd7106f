// Keyboard answers: s same, d different, k skip, u undo the latest answer.
document.addEventListener("keydown", function (ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.repeat) return;
  var t = ev.target;
  if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
  var id = { s: "same", d: "different", k: "skip", u: "undo" }[ev.key];
  var b = id && document.getElementById(id);
  if (b) {
    ev.preventDefault();
    b.click();
  }
});
