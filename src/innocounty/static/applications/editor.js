/* The county's plan editor: autosave with a version token, every failure shown at once, the text kept.
 *
 * Each form.autosave (theme and key tasks, each section, the schedule) saves 2 s after the last input
 * (a section also on blur). The server answers with the status fragment (_save_status.html):
 *   200  data-save-status="saved" and data-revision = the new token, written back into the form;
 *   409  "conflict": another session saved first — the stored copy is shown next to the user's text,
 *        with buttons to keep one's own (overwrite with the current token) or take the stored one;
 *   409  "error": the save was refused (e.g. the application was submitted meanwhile);
 *   other status or no network: a visible message. The typed text is never replaced, and is kept in
 *   localStorage until a save succeeds, so a reload can restore it.
 * Explicit "保存" buttons save the same way (no page reload). Without JavaScript the forms post normally.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-editor]");
  if (!root) { return; }
  var msg = root.dataset;
  var storeKey = "innocounty:application:" + root.dataset.editor + ":";
  var DELAY = 2000;

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }
  function visibleLength(el) { return (el.innerText || el.textContent || "").replace(/\s/g, "").length; }
  function localGet(part) { try { return JSON.parse(window.localStorage.getItem(storeKey + part)); } catch (e) { return null; } }
  function localSet(part, value) { try { window.localStorage.setItem(storeKey + part, JSON.stringify(value)); } catch (e) { /* full or denied */ } }
  function localDrop(part) { try { window.localStorage.removeItem(storeKey + part); } catch (e) { /* denied */ } }

  root.querySelectorAll(".toolbar button").forEach(function (b) {
    b.addEventListener("click", function () {
      document.execCommand(b.dataset.cmd);
      b.closest("form").querySelector(".rich-editor").focus();
    });
  });
  if (root.dataset.readonly) { return; }

  root.querySelectorAll("form.autosave").forEach(function (form) {
    var part = form.dataset.part;
    var editor = form.querySelector(".rich-editor");
    var status = form.querySelector(".save-status");
    var count = form.querySelector(".live-count");
    var revision = form.querySelector("input[name=revision]");
    var timer = null, inflight = null, again = false, blocked = false;
    function setDirty(value) { if (value) { form.dataset.dirty = "1"; } else { delete form.dataset.dirty; } }

    function snapshot() {
      if (editor) { return editor.innerHTML; }
      var out = {};
      form.querySelectorAll("textarea, input[type=radio]:checked").forEach(function (el) { out[el.name] = el.value; });
      return out;
    }
    function restore(value) {
      if (editor) { editor.innerHTML = value; refreshCount(); return; }
      Object.keys(value || {}).forEach(function (name) {
        if (name === "theme") {
          var radio = form.querySelector("input[name=theme][value='" + value[name] + "']");
          if (radio) { radio.checked = true; }
          return;
        }
        var field = form.querySelector("[name='" + name + "']");
        if (field) { field.value = value[name]; }
      });
    }
    function refreshCount() {
      if (editor && count) { count.textContent = format(msg.msgChars, { n: visibleLength(editor) }); }
    }
    function show(html) { status.innerHTML = html; }
    function showText(text) {
      status.innerHTML = "";
      var span = document.createElement("span");
      span.className = "save-result warn-text";
      span.setAttribute("role", "alert");
      span.dataset.saveStatus = "error";
      span.textContent = text;
      status.appendChild(span);
    }
    function body() {
      var data = new FormData(form);
      if (editor) { data.set("html", editor.innerHTML); }
      return data;
    }

    // Returns a promise resolved with true when the part is saved (false when the save failed).
    function save() {
      clearTimeout(timer);
      if (blocked) { return Promise.resolve(false); }
      if (inflight) { again = true; return inflight; }
      status.textContent = msg.msgSaving;
      var ok = false;
      inflight = fetch(form.action, {
        method: "POST", body: body(), credentials: "same-origin",
        headers: { "X-CSRFToken": root.dataset.csrf, "HX-Request": "true" }
      }).then(function (response) {
        return response.text().then(function (text) { return { response: response, text: text }; });
      }).then(function (r) {
        var holder = document.createElement("div");
        holder.innerHTML = r.text;
        var result = holder.querySelector("[data-save-status]");
        if (r.response.ok && result) {
          show(r.text);
          if (result.dataset.revision !== undefined) { revision.value = result.dataset.revision; }
          ok = true;
          if (!again) { setDirty(false); localDrop(part); }
        } else if (result && result.dataset.saveStatus === "conflict") {
          blocked = true;
          show(r.text);
          wireConflict(status.querySelector("[data-save-status=conflict]"));
        } else if (result) {
          show(r.text);
        } else {
          showText(format(msg.msgFailed, { status: r.response.status }));
        }
      }).catch(function () {
        showText(msg.msgNetwork);
      }).then(function () {
        inflight = null;
        if (again) { again = false; return save(); }
        return ok;
      });
      return inflight;
    }
    form.saveNow = function () { return (form.dataset.dirty || inflight) ? save() : Promise.resolve(true); };

    function wireConflict(box) {
      if (!box) { return; }
      var current = box.dataset.revision;
      var data = box.querySelector("script[type='application/json']");
      var stored = data ? JSON.parse(data.textContent) : null;
      box.querySelector("[data-conflict=overwrite]").addEventListener("click", function () {
        revision.value = current; blocked = false; save();
      });
      box.querySelector("[data-conflict=take]").addEventListener("click", function () {
        localSet(part + ":replaced", snapshot());
        restore(stored); revision.value = current; blocked = false; setDirty(false); localDrop(part); show("");
      });
    }

    function changed() {
      setDirty(true);
      refreshCount();
      localSet(part, snapshot());
      if (!blocked) { status.textContent = msg.msgUnsaved; }
      clearTimeout(timer);
      timer = setTimeout(save, DELAY);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    if (editor) { editor.addEventListener("blur", function () { if (form.dataset.dirty) { save(); } }); }
    form.addEventListener("submit", function (event) { event.preventDefault(); save(); });

    var kept = localGet(part);
    if (kept !== null && JSON.stringify(kept) !== JSON.stringify(snapshot())) {
      var note = document.createElement("span");
      note.className = "local-copy";
      note.setAttribute("role", "status");
      note.textContent = msg.msgLocal + " ";
      var use = document.createElement("button");
      use.type = "button"; use.textContent = msg.msgRestore; use.dataset.testid = "restore-" + part;
      use.addEventListener("click", function () { restore(kept); note.remove(); changed(); });
      var drop = document.createElement("button");
      drop.type = "button"; drop.textContent = msg.msgDiscard;
      drop.addEventListener("click", function () { localDrop(part); note.remove(); });
      note.appendChild(use); note.appendChild(drop);
      status.appendChild(note);
    }
  });

  var forms = Array.prototype.slice.call(root.querySelectorAll("form.autosave"));
  // Submitting the application: save what is still unsaved first; submit only when all of it saved.
  document.querySelectorAll("form.submit-form").forEach(function (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      if (!forms.some(function (f) { return f.dataset.dirty; })) { return; }
      event.preventDefault();
      Promise.all(forms.map(function (f) { return f.saveNow(); })).then(function (results) {
        if (results.every(Boolean)) { submitForm.submit(); }
      });
    });
  });
  // Leaving with unsaved text: the browser asks first.
  window.addEventListener("beforeunload", function (event) {
    if (forms.some(function (f) { return f.dataset.dirty; })) { event.preventDefault(); event.returnValue = ""; }
  });
})();
