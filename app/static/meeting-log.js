/* Meeting log: progressive enhancement only. Without this file the page still works:
 * "Add another row" buttons submit the form and the server adds a blank row, and their
 * attendees are chosen in a plain multi-select.
 *
 * With it: rows are added in the page (a blank copy of the last row), new persons typed in
 * the form appear at once in the "With whom" and "Who" lists, and their attendees get a
 * type-ahead over persons and organisations (GET meetings.person_lookup?q=).
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
    ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
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
      if (el.type === "checkbox") {
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

  function addRow(section) {
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
    renumber(copy, section, highest + 1);
    var legend = copy.querySelector("legend");
    if (legend && legend.firstChild && legend.firstChild.nodeType === Node.TEXT_NODE) {
      legend.firstChild.nodeValue = legend.firstChild.nodeValue.replace(/\d+/, String(rows.length + 1));
    }
    container.appendChild(copy);
    var first = copy.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
    if (section === "new_persons") { syncNewPersons(); }
  }

  form.querySelectorAll("button.add-row").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      addRow(button.getAttribute("data-section"));
    });
  });

  /* ---- new persons appear in "With whom" and "Who" ------------------------------------- */

  function newPersonNames() {
    return Array.prototype.map.call(
      form.querySelectorAll('.rows[data-section="new_persons"] input[name$="-full_name"]'),
      function (input) { return input.value.trim(); });
  }

  function syncNewPersons() {
    var names = newPersonNames();
    form.querySelectorAll('select[name$="-with_whom"], select[name$="-owner"]').forEach(function (select) {
      var chosen = select.value;
      var groups = select.querySelectorAll("optgroup");
      var group = groups[groups.length - 1] || select;
      select.querySelectorAll('option[value^="new"]').forEach(function (o) { o.remove(); });
      names.forEach(function (name, index) {
        var option = document.createElement("option");
        option.value = "new" + index;
        option.textContent = name ? name + " (new)" : "New person " + (index + 1) + " (from the form above)";
        group.appendChild(option);
      });
      select.value = chosen;
      if (select.value !== chosen) { select.selectedIndex = 0; }
    });
  }

  form.addEventListener("input", function (event) {
    if (event.target.name && /^new_persons-\d+-full_name$/.test(event.target.name)) {
      syncNewPersons();
    }
  });

  /* ---- type-ahead for their attendees --------------------------------------------------- */

  var picker = form.querySelector(".person-picker");
  if (!picker || !window.fetch) { return; }
  var select = picker.querySelector("select[multiple]");
  var lookupUrl = picker.getAttribute("data-lookup");

  var box = document.createElement("div");
  box.className = "typeahead";
  box.innerHTML =
    '<p class="typeahead-label" id="their-chosen-label">Their attendees</p>' +
    '<ul class="chips" aria-labelledby="their-chosen-label"></ul>' +
    '<label for="person-search">Find a person or organisation</label>' +
    '<input id="person-search" type="search" autocomplete="off" ' +
    'placeholder="Type 2 letters of a name, organisation or post…" aria-describedby="person-search-status">' +
    '<p class="hint" id="person-search-status" aria-live="polite"></p>' +
    '<ul class="typeahead-results" role="list"></ul>';
  select.closest(".field").hidden = true;
  picker.appendChild(box);
  var chips = box.querySelector(".chips");
  var input = box.querySelector("#person-search");
  var status = box.querySelector("#person-search-status");
  var results = box.querySelector(".typeahead-results");

  function optionFor(id, label) {
    var option = select.querySelector('option[value="' + id + '"]');
    if (!option) {
      option = document.createElement("option");
      option.value = String(id);
      option.textContent = label;
      select.appendChild(option);
    }
    return option;
  }

  /* "With whom" offers only the people chosen as their attendees (and new persons). */
  function filterWithWhom() {
    var chosen = {};
    Array.prototype.forEach.call(select.options, function (o) {
      if (o.selected) { chosen["p" + o.value] = true; }
    });
    form.querySelectorAll('select[name$="-with_whom"]').forEach(function (whom) {
      Array.prototype.forEach.call(whom.options, function (o) {
        if (/^p\d+$/.test(o.value)) { o.hidden = !chosen[o.value] && o.value !== whom.value; }
      });
    });
  }

  function drawChips() {
    filterWithWhom();
    chips.innerHTML = "";
    var chosen = Array.prototype.filter.call(select.options, function (o) { return o.selected; });
    if (!chosen.length) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = "Nobody chosen yet.";
      chips.appendChild(none);
    }
    chosen.forEach(function (option) {
      var li = document.createElement("li");
      li.className = "chip";
      li.appendChild(document.createTextNode(option.textContent + " "));
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "chip-remove";
      remove.setAttribute("aria-label", "Remove " + option.textContent);
      remove.textContent = "×";
      remove.addEventListener("click", function () {
        option.selected = false;
        drawChips();
        input.focus();
      });
      li.appendChild(remove);
      chips.appendChild(li);
    });
  }

  function showResults(items) {
    results.innerHTML = "";
    status.textContent = items.length ? items.length + " found: choose with Tab and Enter." : "Nobody found. Add a new person below.";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "typeahead-choice";
      button.textContent = item.name + (item.detail ? " · " + item.detail : "");
      button.addEventListener("click", function () {
        optionFor(item.id, item.name + (item.detail ? " (" + item.detail + ")" : "")).selected = true;
        drawChips();
        results.innerHTML = "";
        status.textContent = item.name + " added.";
        input.value = "";
        input.focus();
      });
      li.appendChild(button);
      results.appendChild(li);
    });
  }

  var timer = null;
  var latest = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { results.innerHTML = ""; status.textContent = ""; return; }
    timer = setTimeout(function () {
      var ticket = ++latest;
      fetch(lookupUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (ticket === latest) { showResults(data.results || []); } })
        .catch(function () { status.textContent = "Search is unavailable; reload the page to use the plain list."; });
    }, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();  /* Enter in the search box must not submit the whole log */
      var first = results.querySelector("button");
      if (first) { first.click(); }
    } else if (event.key === "Escape") {
      results.innerHTML = "";
    } else if (event.key === "ArrowDown") {
      var button = results.querySelector("button");
      if (button) { event.preventDefault(); button.focus(); }
    }
  });
  results.addEventListener("keydown", function (event) {
    var buttons = Array.prototype.slice.call(results.querySelectorAll("button"));
    var at = buttons.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < buttons.length - 1) { event.preventDefault(); buttons[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? buttons[at - 1] : input).focus(); }
  });
  drawChips();
})();
