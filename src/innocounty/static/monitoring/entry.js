/* County entry form: checks as you type. On each change the form's values go to the JSON check endpoint
   (nothing is saved); field errors appear beside their fields and the rules / outliers in the summary.
   Confirmation checkboxes of warnings are kept across refreshes. No inline script (CSP). */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form || !window.fetch) { return; }
  var list = document.getElementById("entry-items");
  var summary = document.getElementById("entry-summary");
  var timer = null;
  function text(el, value) { el.textContent = value; }
  function render(data) {
    Array.prototype.forEach.call(form.querySelectorAll(".field-error"), function (el) {
      var code = el.id.slice(2);
      var message = (data.field_errors || {})[code] || "";
      text(el, message);
      var input = document.getElementById("f-" + code);
      if (input) { if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); } }
    });
    var checked = {};
    Array.prototype.forEach.call(list.querySelectorAll("input[name=confirmed]"), function (box) { checked[box.value] = box.checked; });
    while (list.firstChild) { list.removeChild(list.firstChild); }
    (data.items || []).forEach(function (item) {
      var li = document.createElement("li");
      var key = item.kind + ":" + item.key;
      li.className = item.severity;
      li.setAttribute("data-testid", "item-" + item.kind + "-" + item.key);
      var strong = document.createElement("strong");
      text(strong, item.severity === "error" ? (list.dataset.errorLabel || "✖") : (list.dataset.warningLabel || "⚠"));
      li.appendChild(strong);
      li.appendChild(document.createTextNode(" " + item.message + " "));
      if (item.severity === "warning") {
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox"; box.name = "confirmed"; box.value = key;
        box.checked = checked[key] !== undefined ? checked[key] : !!item.confirmed;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + list.dataset.confirmLabel));
        li.appendChild(label);
      }
      list.appendChild(li);
    });
    text(summary, (summary.dataset.template || "{e} / {w}").replace("{e}", data.errors).replace("{w}", data.unconfirmed_warnings));
  }
  function check() {
    fetch(form.dataset.checkUrl, { method: "POST", body: new FormData(form), credentials: "same-origin",
                                   headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { /* the server checks again on save */ });
  }
  form.addEventListener("input", function (event) {
    if (event.target.name === "confirmed") { return; }
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
})();
