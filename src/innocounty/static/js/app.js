/* innocounty: the few behaviours of the shell, bound by data attributes (no inline scripts or on*=
   handlers, so a Content-Security-Policy can forbid them):
   - [data-autosubmit] on a <select>: submit its form on change;
   - form[data-confirm="question"]: ask before submitting;
   - [data-print]: print the page (print styles hide the shell). */
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { e.preventDefault(); }
  }, true);
  document.addEventListener("click", function (e) {
    var el = e.target && e.target.closest ? e.target.closest("[data-print]") : null;
    if (el) { e.preventDefault(); window.print(); }
  });
}());
