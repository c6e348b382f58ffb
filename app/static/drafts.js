/* Drafts: never lose typed work (app/drafts/). Progressive enhancement only: without this file
 * the forms work as before.
 *
 * A form marked data-draft="<drafts address>" (the meeting log and the record forms) saves
 * what is typed as the officer's own draft on the server, 3 seconds into typing (so every few
 * seconds while typing goes on) and when the page is hidden or left; each save also keeps the
 * session alive. Opening the form again, when a saved draft differs from what the form shows,
 * a banner offers to restore it or discard it; until one is chosen, nothing is autosaved over
 * it. Saving the form deletes the draft on the server.
 *
 * Restoring sets every field by name: rows missing from the page are added with the page's
 * own "Add another" buttons (meeting-log.js), type-ahead fields get their id and label back,
 * ticked boxes of multiple type-aheads are added with the labels the server read through the
 * visibility rule (records no longer available are left out, and the banner says so).
 *
 * The page completing a save held over a new sign-in (form[data-draft-resume]) posts itself.
 */
(function () {
  "use strict";

  var resume = document.querySelector("form[data-draft-resume]");
  if (resume) {
    HTMLFormElement.prototype.submit.call(resume);  /* a field named "submit" hides the method */
    return;
  }

  var form = document.querySelector("form[data-draft]");
  if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) { return; }

  var DELAY = 3000;
  var address = form.getAttribute("data-draft");
  var path = new URL(form.getAttribute("action") || window.location.href,
                     window.location.href).pathname;
  var tokenInput = form.querySelector('input[name="csrf_token"]');
  var token = tokenInput ? tokenInput.value : "";
  var timer = null;
  var offered = false;      /* a restore offer is open: autosave waits for the choice */
  var submitting = false;
  var changed = false;      /* nothing is kept of a form only opened and left */
  var lastSent = null;

  var status = document.createElement("p");
  status.className = "draft-status hint";
  status.setAttribute("aria-live", "polite");
  var actions = form.querySelector(".form-actions, .actions");
  (actions || form).appendChild(status);

  function say(text, problem) {
    status.textContent = text;
    status.classList.toggle("draft-problem", Boolean(problem));
  }

  function clock(date) {
    var time = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    if (date.toDateString() === new Date().toDateString()) { return time; }
    return date.toLocaleDateString([], { day: "numeric", month: "short" }) + " " + time;
  }

  /* ---- saving -------------------------------------------------------------------------- */

  function fields() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && typeof value === "string") { pairs.push([name, value]); }
    });
    return pairs;
  }

  function body(text) {
    var data = new URLSearchParams();
    data.set("csrf_token", token);
    data.set("path", path);
    data.set("fields", text);
    return data;
  }

  function save() {
    clearTimeout(timer);
    timer = null;
    if (submitting || offered) { return; }
    var text = JSON.stringify(fields());
    if (text === lastSent) { return; }
    fetch(address, {
      method: "POST", credentials: "same-origin", body: body(text),
      headers: { "Accept": "application/json", "X-CSRFToken": token }
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (response.ok && json) {
        lastSent = text;
        say("Draft saved at " + clock(new Date()) + ".");
      } else if (response.redirected || !json) {
        say("Your session has ended. Press Save: Parley keeps everything you typed and completes " +
            "the save after you sign in again.", true);
      } else {
        say("The draft could not be saved just now; what you type stays on this page.", true);
      }
    }).catch(function () {
      say("The draft could not be saved just now; what you type stays on this page.", true);
    });
  }

  function typed() {
    changed = true;
    if (!timer) { timer = setTimeout(save, DELAY); }
  }

  function leaving() {
    if (!changed || submitting || offered || !navigator.sendBeacon) { return; }
    var text = JSON.stringify(fields());
    if (text === lastSent) { return; }
    clearTimeout(timer);
    timer = null;
    if (navigator.sendBeacon(address, body(text))) { lastSent = text; }
  }

  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  form.addEventListener("lookup:change", typed);
  form.addEventListener("submit", function () {
    submitting = true;
    clearTimeout(timer);
  });
  window.addEventListener("pagehide", leaving);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { leaving(); }
  });
  /* Back to a page kept in the browser's cache after a save: start watching again. */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { submitting = false; }
  });

  /* ---- restoring ----------------------------------------------------------------------- */

  function named(name) {
    return Array.prototype.filter.call(form.elements, function (el) { return el.name === name; });
  }

  /* Add rows with the page's own button until a field of row ``name`` exists; a click the
     row script did not take (it would post the form) is stopped, and adds nothing. */
  function ensureRow(name) {
    var match = name.match(/^([a-z_]+)-(\d+)-/);
    if (!match || named(name).length) { return; }
    var button = form.querySelector('button.add-row[data-section="' + match[1] + '"]');
    if (!button) { return; }
    var taken = true;
    var guard = function (event) {
      if (!event.defaultPrevented) { event.preventDefault(); taken = false; }
    };
    form.addEventListener("click", guard);
    for (var tries = 0; tries < 60 && taken && !named(name).length; tries += 1) { button.click(); }
    form.removeEventListener("click", guard);
  }

  function tick(container, value, label) {
    if (container.parleyLookup) {
      container.parleyLookup.tick(value, label);
      return;
    }
    var list = container.querySelector(".lookup-chosen");
    var item = document.createElement("li");
    var text = document.createElement("label");
    text.className = "check";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = container.getAttribute("data-lookup-name");
    box.value = value;
    box.checked = true;
    text.appendChild(box);
    text.appendChild(document.createTextNode(" " + label));
    item.appendChild(text);
    list.appendChild(item);
  }

  function apply(draft) {
    var values = {};
    draft.fields.forEach(function (pair) {
      ensureRow(pair[0]);
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    form.querySelectorAll(".lookup-multiple").forEach(function (container) {
      var name = container.getAttribute("data-lookup-name");
      var labels = (draft.labels || {})[name] || {};
      (values[name] || []).forEach(function (value) {
        var exists = Array.prototype.some.call(
          container.querySelectorAll('input[type="checkbox"]'),
          function (box) { return box.value === value; });
        if (!exists && labels[value]) { tick(container, value, labels[value]); }
      });
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.type === "submit" || el.type === "button" ||
          el.type === "file") { return; }
      var wanted = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Boolean(wanted) && wanted.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT") {
        if (wanted) {
          Array.prototype.forEach.call(el.options, function (option) {
            option.selected = wanted.indexOf(option.value) !== -1;
          });
        }
      } else if (wanted) {
        var index = named(el.name).indexOf(el);
        el.value = wanted[Math.min(index, wanted.length - 1)];
      }
    });
  }

  function restore(draft) {
    apply(draft);
    /* Let the page's scripts catch up (offered attendees, new persons), then set the
       selects whose choices they build. */
    form.querySelectorAll('input[name$="-full_name"]').forEach(function (input) {
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    form.querySelectorAll(".lookup").forEach(function (container) {
      container.dispatchEvent(new CustomEvent("lookup:change", {
        bubbles: true, detail: { item: null, field: container.getAttribute("data-lookup-name") }
      }));
    });
    apply(draft);
  }

  function banner(draft) {
    var box = document.createElement("div");
    box.className = "draft-banner";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Unsaved draft");
    var text = document.createElement("p");
    text.textContent = "Restore your unsaved draft from " + clock(new Date(draft.saved_at)) + "?";
    var yes = document.createElement("button");
    yes.type = "button";
    yes.className = "button primary";
    yes.textContent = "Restore";
    var no = document.createElement("button");
    no.type = "button";
    no.className = "button";
    no.textContent = "Discard";
    text.appendChild(document.createTextNode(" "));
    text.appendChild(yes);
    text.appendChild(document.createTextNode(" "));
    text.appendChild(no);
    box.appendChild(text);
    form.parentNode.insertBefore(box, form);

    function close(message) {
      offered = false;
      box.textContent = "";
      var done = document.createElement("p");
      done.textContent = message;
      box.appendChild(done);
      box.setAttribute("role", "status");
    }
    yes.addEventListener("click", function () {
      restore(draft);
      lastSent = JSON.stringify(draft.fields);
      close("Draft restored: check it, then save." + (draft.left_out ? " " + draft.left_out : ""));
      typed();
    });
    no.addEventListener("click", function () {
      var target = new URL(address, window.location.href);
      target.searchParams.set("path", path);
      fetch(target.toString(), {
        method: "DELETE", credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": token }
      }).then(function (response) {
        if (response.ok) { lastSent = null; }
      });
      close("Draft discarded.");
    });
  }

  function offer() {
    if (form.hasAttribute("data-draft-posted")) {
      typed();  /* a form sent back with messages shows what was posted: that is the draft */
      return;
    }
    var target = new URL(address, window.location.href);
    target.searchParams.set("path", path);
    fetch(target.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        return response.ok && json ? response.json() : null;
      }).then(function (draft) {
        if (!draft || !draft.found) { return; }
        var text = JSON.stringify(draft.fields);
        if (text === JSON.stringify(fields())) { lastSent = text; return; }
        offered = true;
        banner(draft);
      }).catch(function () { /* no offer: the form works as it is */ });
  }

  /* After the page's other scripts (rows, type-aheads) have run. */
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", offer);
  } else {
    offer();
  }
})();
