/* The plan editor's toolbar and the hand-over of the rich text to the form and to htmx autosave (moved out of
   applications/edit.html: no inline scripts, so a Content-Security-Policy can forbid them). */
(function () {
  "use strict";
  document.querySelectorAll(".toolbar button").forEach(function (b) {
    b.addEventListener("click", function () { document.execCommand(b.dataset.cmd); b.closest("form").querySelector(".rich-editor").focus(); });
  });
  document.querySelectorAll(".section-form").forEach(function (f) {
    f.addEventListener("submit", function () { f.querySelector("textarea[name=html]").value = f.querySelector(".rich-editor").innerHTML; });
  });
  document.body.addEventListener("htmx:configRequest", function (e) {
    if (e.detail.elt.classList.contains("rich-editor")) { e.detail.parameters.html = e.detail.elt.innerHTML; }
  });
}());
