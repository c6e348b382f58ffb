/* Meeting log: progressive enhancement only. Without this file the page still works:
 * "Add another row" buttons submit the form and the server adds a blank row; records are
 * chosen by typing their names (lookup fields, which lookup.js turns into type-aheads).
 *
 * With it: rows are added in the page (a blank copy of the last row, its type-aheads set up
 * again), and "With whom" offers at once the people chosen under "Their attendees" and the
 * new persons typed in the form, who are also offered under "Who".
 */
(function () {
  "use strict";

  var form = document.querySelector("form.meeting-log");
  if (!form) { return; }

  /* After a refused save, start at the first field that needs attention. */
  var firstProblem = form.querySelector('[aria-invalid="true"]') ||
    form.querySelector(".duplicate-warning ~ .field input");
  if (firstProblem) { firstProblem.focus(); }

  /* ---- repeatable rows ----------------------------------------------------------------- */

  function renumber(node, section, index) {
    var pattern = new RegExp("^" + section + "-\\d+-");
    var replacement = section + "-" + index + "-";
    ["name", "id", "for", "aria-describedby", "data-lookup-name"].forEach(function (attr) {
      node.querySelectorAll("[" + attr + "]").forEach(function (el) {
        var value = el.getAttribute(attr);
        el.setAttribute(attr, value.split(" ").map(function (part) {
          return part.replace(pattern, replacement);
        }).join(" "));
      });
    });
  }

  function blankRow(row) {
    row.querySelectorAll(".error").forEach(function (el) { el.remove(); });
    row.querySelectorAll(".field .hint").forEach(function (el) { el.remove(); });
    row.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    row.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.setAttribute("aria-invalid", "false");
      el.removeAttribute("aria-describedby");
    });
    row.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (el.type === "radio") {
        el.checked = el.value === "";  /* back to "Not recorded" */
        el.removeAttribute("checked");
      } else if (el.type === "checkbox") {
        var field = el.closest(".field");
        if (field) { field.remove(); } else { el.checked = false; }
      } else if (el.tagName === "SELECT") {
        el.selectedIndex = 0;
        Array.prototype.forEach.call(el.options, function (o) { o.removeAttribute("selected"); });
      } else {
        el.value = "";
        el.removeAttribute("value");
        if (el.tagName === "TEXTAREA") { el.textContent = ""; }
      }
    });
  }

  function addRow(section, quiet) {
    var container = form.querySelector('.rows[data-section="' + section + '"]');
    var rows = container.querySelectorAll("fieldset.row");
    var last = rows[rows.length - 1];
    var highest = -1;
    container.querySelectorAll("[name^='" + section + "-']").forEach(function (el) {
      var match = el.name.match(/-(\d+)-/);
      if (match) { highest = Math.max(highest, parseInt(match[1], 10)); }
    });
    var copy = last.cloneNode(true);
    blankRow(copy);
    defaultOwner(copy, container);
    renumber(copy, section, highest + 1);
    var legend = copy.querySelector("legend");
    if (legend && legend.firstChild && legend.firstChild.nodeType === Node.TEXT_NODE) {
      legend.firstChild.nodeValue = legend.firstChild.nodeValue.replace(/\d+/, String(rows.length + 1));
    }
    container.appendChild(copy);
    if (window.ParleyLookup) { window.ParleyLookup.enhance(copy); }
    if (section === "raisings" || section === "follow_ups") { syncWithWhom(); }
    var first = copy.querySelector("input:not([type=hidden]), select, textarea");
    if (first && !quiet) { first.focus(); }
    if (section === "new_persons") { syncNewPersons(); }
    return copy;
  }

  /* A new follow-up row starts with the officer as its owner, as the server's rows do. */
  function defaultOwner(row, container) {
    var value = container.getAttribute("data-default-owner");
    var owner = row.querySelector('.lookup[data-lookup-name$="-owner"]');
    if (!value || !owner) { return; }
    owner.querySelector("input.lookup-value").value = value;
    owner.querySelector('input[type="text"]').value = container.getAttribute("data-default-owner-label") || "";
  }

  /* ---- the event's asks: a click fills the next empty "What was raised" ---------------- */

  var picks = form.querySelector("[data-subject-picks]");
  if (picks) {
    picks.hidden = false;
    picks.querySelectorAll("button.chip-button").forEach(function (button) {
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        var subjects = form.querySelectorAll('.rows[data-section="raisings"] .lookup[data-lookup-name$="-subject"]');
        var target = null;
        Array.prototype.some.call(subjects, function (box) {
          var hidden = box.querySelector("input.lookup-value");
          var text = box.querySelector('input[type="text"]');
          if (!hidden.value && !text.value.trim()) { target = box; return true; }
          return false;
        });
        if (!target) {
          var row = addRow("raisings", true);
          target = row.querySelector('.lookup[data-lookup-name$="-subject"]');
        }
        target.querySelector("input.lookup-value").value = button.getAttribute("data-value");
        target.querySelector('input[type="text"]').value = button.getAttribute("data-label");
        button.setAttribute("aria-pressed", "true");
        var response = target.closest("fieldset.row").querySelector('textarea[name$="-response"]');
        if (response) { response.focus(); }
      });
    });
  }

  /* ---- a meeting dated today or earlier is one already held ---------------------------- */

  var day = form.querySelector('input[name="meeting_date"]');
  var status = form.querySelector('select[name="status"]');
  if (day && status) {
    var statusTouched = false;
    status.addEventListener("change", function () { statusTouched = true; });
    day.addEventListener("change", function () {
      var today = new Date();
      var iso = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" +
        String(today.getDate()).padStart(2, "0");
      if (statusTouched || !/^\d{4}-\d{2}-\d{2}$/.test(day.value)) { return; }
      if (status.value === "planned" || status.value === "held") {
        status.value = day.value <= iso ? "held" : "planned";
      }
    });
  }

  form.querySelectorAll("button.add-row").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      addRow(button.getAttribute("data-section"));
    });
  });

  /* ---- "With whom" offers their attendees and the new persons; "Who" the new persons -- */

  function newPersonChoices() {
    return Array.prototype.map.call(
      form.querySelectorAll('.rows[data-section="new_persons"] input[name$="-full_name"]'),
      function (input, index) {
        var name = input.value.trim();
        return { value: "new" + index, label: name ? name + " (new)" : "New person " + (index + 1) + " (from the form above)",
                 detail: "", group: "New on this page" };
      });
  }

  function attendeeChoices() {
    var chosen = [];
    var box = form.querySelector('.lookup[data-lookup-name="their_attendees"]');
    if (box) {
      box.querySelectorAll('.lookup-chosen input[type="checkbox"]').forEach(function (check) {
        if (check.checked) { chosen.push({ value: "p" + check.value, label: check.parentNode.textContent.trim() }); }
      });
    }
    return chosen;
  }

  function syncWithWhom() {
    var offered = attendeeChoices().concat(newPersonChoices());
    form.querySelectorAll('select[name$="-with_whom"]').forEach(function (select) {
      var chosen = select.value;
      var kept = select.querySelector('option[value="' + chosen + '"]');
      var keptLabel = kept ? kept.textContent : "";
      Array.prototype.slice.call(select.options, 1).forEach(function (option) { option.remove(); });
      select.querySelectorAll("optgroup").forEach(function (group) { group.remove(); });
      var group = document.createElement("optgroup");
      group.label = "Their attendees";
      var values = {};
      offered.forEach(function (choice) {
        var option = document.createElement("option");
        option.value = choice.value;
        option.textContent = choice.label;
        group.appendChild(option);
        values[choice.value] = true;
      });
      if (chosen && !values[chosen]) {  /* keep a choice no longer offered: the server will say so */
        var old = document.createElement("option");
        old.value = chosen;
        old.textContent = keptLabel;
        group.appendChild(old);
      }
      select.appendChild(group);
      select.value = chosen;
    });
    syncOwnerPicks(offered);
  }

  /* Under each follow-up's "Who", the people at the meeting as one-click picks. */
  function syncOwnerPicks(offered) {
    var named = offered.filter(function (choice) { return !/ \(from the form above\)$/.test(choice.label); });
    form.querySelectorAll("fieldset.follow-up").forEach(function (row) {
      var owner = row.querySelector('.lookup[data-lookup-name$="-owner"]');
      if (!owner) { return; }
      var list = row.querySelector("ul.owner-picks");
      if (!list) {
        list = document.createElement("ul");
        list.className = "chip-list owner-picks";
        list.setAttribute("aria-label", "Who: people at this meeting");
        owner.closest(".field").appendChild(list);
      }
      list.textContent = "";
      named.forEach(function (choice) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "chip-button";
        button.textContent = choice.label.replace(/ \(.*\)$/, "");
        button.addEventListener("click", function () {
          if (window.ParleyLookup) {
            window.ParleyLookup.pick(owner, { value: choice.value, label: choice.label, detail: "" });
          }
        });
        item.appendChild(button);
        list.appendChild(item);
      });
    });
  }

  function syncNewPersons() {
    var news = newPersonChoices();
    var labels = {};
    news.forEach(function (choice) { labels[choice.value] = choice.label; });
    form.querySelectorAll('.lookup[data-lookup-name$="-owner"]').forEach(function (owner) {
      if (window.ParleyLookup) { window.ParleyLookup.setExtra(owner, news); }
      var hidden = owner.querySelector("input.lookup-value");
      var text = owner.querySelector('input[type="text"]');
      if (hidden && /^new\d+$/.test(hidden.value) && text) {
        if (labels[hidden.value]) { text.value = labels[hidden.value]; } else { hidden.value = ""; }
      }
    });
    syncWithWhom();
  }

  form.addEventListener("input", function (event) {
    if (event.target.name && /^new_persons-\d+-full_name$/.test(event.target.name)) {
      syncNewPersons();
    }
  });
  form.addEventListener("lookup:change", function (event) {
    if (event.detail && event.detail.field === "their_attendees") { syncWithWhom(); }
    if (event.detail && event.detail.field === "event_id") { nearEvent(); }
  });

  /* "What was raised" lists first what was already raised at the meeting's event. */
  function nearEvent() {
    var chosen = form.querySelector('.lookup[data-lookup-name="event_id"] input.lookup-value');
    var id = chosen && /^\d+$/.test(chosen.value) ? chosen.value : "";
    form.querySelectorAll('.lookup[data-lookup-name$="-subject"]').forEach(function (box) {
      var address = new URL(box.getAttribute("data-lookup-url"), window.location.href);
      if (id) { address.searchParams.set("event", id); } else { address.searchParams.delete("event"); }
      box.setAttribute("data-lookup-url", address.pathname + address.search);
    });
  }
  syncWithWhom();
})();
