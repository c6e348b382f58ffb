/* Type-ahead for every lookup field (app/lookup/fields.py): progressive enhancement only.
 *
 * Without this file a lookup field is a text box: the officer types a name and Parley finds
 * the one record it means on saving (or says that none or several match). With it, the text
 * box becomes a combobox (WAI-ARIA 1.2 pattern): typing lists up to 20 matches from
 * GET /lookup/<kinds>?q=, Up and Down move through them, Enter or a click chooses, Escape
 * closes the list. A single field keeps the chosen id in its hidden input; a multiple field
 * adds a ticked box per chosen record (untick to remove); a free-text field (lookup-free) only
 * takes the chosen name as its text.
 *
 * Requests are spared: 180 ms after the last key, one at a time (an older one is aborted),
 * each query asked once per page. Choices that exist only on the page (data-lookup-extra,
 * e.g. new persons typed into the meeting log) are offered first when they match.
 *
 * Other scripts may call ParleyLookup.enhance(root) after adding fields (a copied row) and
 * ParleyLookup.setExtra(container, choices); a choice fires "lookup:change" on the container.
 */
(function () {
  "use strict";

  var DELAY = 180;

  function fold(text) {
    return (text || "").toLocaleLowerCase().normalize("NFC");
  }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text) { el.textContent = text; }
    return el;
  }

  function Lookup(container) {
    this.container = container;
    this.input = container.querySelector('input[type="text"]');
    this.hidden = container.querySelector("input.lookup-value");
    this.chosen = container.querySelector(".lookup-chosen");
    this.multiple = container.classList.contains("lookup-multiple");
    this.free = container.classList.contains("lookup-free");
    this.cache = {};
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.build();
    this.bind();
    container.parleyLookup = this;
    container.setAttribute("data-lookup-ready", "1");
  }

  Lookup.prototype.build = function () {
    var input = this.input;
    var id = input.id || (input.name + "-input");
    input.id = id;
    this.listbox = make("ul", "lookup-listbox");
    this.listbox.id = id + "-listbox";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-label", "Matches");  /* the combobox it belongs to names it */
    this.listbox.hidden = true;
    this.status = make("span", "lookup-status visually-hidden");
    this.status.id = id + "-status";
    this.status.setAttribute("aria-live", "polite");
    this.container.appendChild(this.listbox);
    this.container.appendChild(this.status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.listbox.id);
  };

  Lookup.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () {
      if (self.hidden && self.hidden.value) {
        self.hidden.value = "";
        self.changed(null);
      }
      clearTimeout(self.timer);
      var q = self.input.value.trim();
      if (!q) { self.close(); return; }
      self.timer = setTimeout(function () { self.find(q); }, DELAY);
    });
    this.input.addEventListener("keydown", function (event) { self.key(event); });
    this.input.addEventListener("blur", function () {
      setTimeout(function () { if (document.activeElement !== self.input) { self.close(); } }, 150);
    });
    this.listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) { self.choose(parseInt(option.getAttribute("data-index"), 10)); }
    });
    if (this.chosen) {
      this.chosen.addEventListener("change", function () { self.changed(null); });
    }
  };

  Lookup.prototype.isOpen = function () { return !this.listbox.hidden; };

  Lookup.prototype.key = function (event) {
    var open = this.isOpen();
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) {
        this.find(this.input.value.trim(), event.key === "ArrowDown" ? 0 : -2);
      } else if (this.items.length) {
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = this.active + step;
        if (next >= this.items.length) { next = 0; }
        if (next < 0) { next = this.items.length - 1; }
        this.highlight(next);
      }
    } else if (event.key === "Enter") {
      if (open && this.items.length) {
        event.preventDefault();
        this.choose(this.active >= 0 ? this.active : 0);
      } else if (this.multiple || open) {
        event.preventDefault();  /* Enter in a search box must not submit the whole form */
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        this.close();
      } else if (this.hidden && !this.hidden.value && this.input.value) {
        this.input.value = "";
      }
    } else if (event.key === "Tab") {
      this.close();
    }
  };

  Lookup.prototype.extras = function (q) {
    var raw = this.container.getAttribute("data-lookup-extra");
    if (!raw) { return []; }
    var wanted = fold(q);
    try {
      return JSON.parse(raw).filter(function (item) { return fold(item.label).indexOf(wanted) !== -1; });
    } catch (e) { return []; }
  };

  Lookup.prototype.find = function (q, start) {
    var self = this;
    var done = function (results) {
      if (self.input.value.trim() !== q) { return; }  /* typed on since */
      self.show(self.extras(q).concat(results), q, start);
    };
    /* read each time: the page may change it (the meeting log adds its event) */
    var address = new URL(this.container.getAttribute("data-lookup-url"), window.location.href);
    address.searchParams.set("q", q);
    var key = address.toString();
    if (Object.prototype.hasOwnProperty.call(this.cache, key)) { done(this.cache[key]); return; }
    if (this.request) { this.request.abort(); }
    var controller = window.AbortController ? new AbortController() : null;
    this.request = controller;
    this.say("Searching…");
    fetch(address.toString(), {
      credentials: "same-origin", headers: { "Accept": "application/json" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (response.status === 429) { throw new Error("busy"); }
      if (!response.ok) { throw new Error("failed"); }
      return response.json();
    }).then(function (data) {
      self.cache[key] = data.results || [];
      done(self.cache[key]);
    }).catch(function (error) {
      if (error.name === "AbortError") { return; }
      self.close();
      self.say(error.message === "busy"
        ? "Too many searches just now: wait a moment, then type again."
        : "Search is unavailable. Type the full name and save: Parley will look it up.", true);
    });
  };

  Lookup.prototype.show = function (items, q, start) {
    var self = this;
    this.items = items;
    this.active = -1;
    this.listbox.innerHTML = "";
    var groups = {};
    items.forEach(function (item) { groups[item.group] = true; });
    var grouped = Object.keys(groups).length > 1;
    var lastGroup = null;
    items.forEach(function (item, index) {
      if (grouped && item.group !== lastGroup) {
        var heading = make("li", "lookup-group", item.group);
        heading.setAttribute("role", "presentation");
        self.listbox.appendChild(heading);
        lastGroup = item.group;
      }
      var option = make("li", "lookup-option");
      option.id = self.listbox.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(index));
      option.appendChild(make("span", "lookup-label", item.label));
      if (item.detail) { option.appendChild(make("span", "lookup-detail", item.detail)); }
      self.listbox.appendChild(option);
    });
    if (!items.length) {
      var none = make("li", "lookup-none", q ? "Nothing matches “" + q + "”." : "Nothing to choose from.");
      none.setAttribute("role", "presentation");
      this.listbox.appendChild(none);
    }
    var opening = this.listbox.hidden;
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    if (opening && this.listbox.scrollIntoView) {  /* reveal a list opening near the bottom */
      this.listbox.scrollIntoView({ block: "nearest" });
    }
    this.say(items.length
      ? items.length + (items.length === 1 ? " match" : " matches") + ": Up and Down to move, Enter to choose."
      : "Nothing matches.");
    if (items.length && start !== undefined) {
      this.highlight(start === -2 ? items.length - 1 : start);
    }
  };

  Lookup.prototype.highlight = function (index) {
    var previous = this.listbox.querySelector('[aria-selected="true"]');
    if (previous) { previous.setAttribute("aria-selected", "false"); previous.classList.remove("is-active"); }
    this.active = index;
    var option = document.getElementById(this.listbox.id + "-" + index);
    if (!option) { this.input.removeAttribute("aria-activedescendant"); return; }
    option.setAttribute("aria-selected", "true");
    option.classList.add("is-active");
    this.input.setAttribute("aria-activedescendant", option.id);
    var list = this.listbox;  /* keep the active option in sight, scrolling the list only */
    if (option.offsetTop < list.scrollTop) {
      list.scrollTop = option.offsetTop;
    } else if (option.offsetTop + option.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = option.offsetTop + option.offsetHeight - list.clientHeight;
    }
  };

  Lookup.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  /* Announce ``text``; a problem (``shown``) is also written under the field. */
  Lookup.prototype.say = function (text, shown) {
    this.status.textContent = text;
    this.status.className = shown ? "lookup-status hint" : "lookup-status visually-hidden";
  };

  Lookup.prototype.choose = function (index) {
    var item = this.items[index];
    if (!item) { return; }
    var shown = item.detail ? item.label + " (" + item.detail + ")" : item.label;
    if (this.multiple) {
      this.tick(item.value, shown);
      this.input.value = "";
      this.say(shown + " added.");
    } else {
      if (this.hidden) { this.hidden.value = item.value; }
      this.input.value = item.label;
      this.say(item.label + " chosen.");
    }
    this.close();
    this.input.focus();
    this.changed(item);
  };

  Lookup.prototype.tick = function (value, shown) {
    var name = this.container.getAttribute("data-lookup-name");
    var boxes = this.chosen.querySelectorAll('input[type="checkbox"]');
    for (var i = 0; i < boxes.length; i += 1) {
      if (boxes[i].value === value) { boxes[i].checked = true; return; }
    }
    var li = make("li");
    var label = make("label", "check");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = name;
    box.value = value;
    box.checked = true;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + shown));
    li.appendChild(label);
    this.chosen.appendChild(li);
  };

  Lookup.prototype.changed = function (item) {
    var detail = { item: item, field: this.container.getAttribute("data-lookup-name") };
    this.container.dispatchEvent(new CustomEvent("lookup:change", { bubbles: true, detail: detail }));
  };

  /* A row copied by another script carries a copy of the list and status: start afresh. */
  function reset(container) {
    container.querySelectorAll(".lookup-listbox, .lookup-status").forEach(function (el) { el.remove(); });
    var input = container.querySelector('input[type="text"]');
    if (input) {
      ["role", "aria-autocomplete", "aria-expanded", "aria-controls", "aria-activedescendant"].forEach(function (attr) {
        input.removeAttribute(attr);
      });
    }
    container.removeAttribute("data-lookup-ready");
  }

  function enhance(root) {
    if (!window.fetch || !window.URL) { return; }
    (root || document).querySelectorAll(".lookup").forEach(function (container) {
      if (container.parleyLookup) { return; }
      if (container.hasAttribute("data-lookup-ready")) { reset(container); }
      new Lookup(container);
    });
  }

  /* One-click picks (a list with data-picks-for="field name" beside the field): a click
     chooses that record in the field, as choosing it from the list would. */
  function enhancePicks(root) {
    if (!window.fetch || !window.URL) { return; }  /* as enhance(): no type-ahead, no picks */
    root.querySelectorAll("[data-picks-for]").forEach(function (list) {
      if (list.getAttribute("data-picks-ready")) { return; }
      list.setAttribute("data-picks-ready", "1");
      var holder = list.closest("[data-quick-picks]");
      if (holder) { holder.hidden = false; }
      var form = list.closest("form") || document;
      list.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-value]");
        var target = form.querySelector('.lookup[data-lookup-name="' + list.getAttribute("data-picks-for") + '"]');
        if (!button || !target || !target.parleyLookup) { return; }
        pick(target, { value: button.getAttribute("data-value"), label: button.getAttribute("data-label"),
                       detail: button.getAttribute("data-detail") || "" });
        button.setAttribute("aria-pressed", "true");
      });
    });
  }

  function pick(container, item) {
    var lookup = container.parleyLookup;
    if (!lookup) { return; }
    lookup.items = [item];
    lookup.choose(0);
  }

  window.ParleyLookup = {
    enhance: enhance,
    pick: pick,
    enhancePicks: enhancePicks,
    setExtra: function (container, choices) {
      container.setAttribute("data-lookup-extra", JSON.stringify(choices));
    }
  };
  enhance(document);
  enhancePicks(document);
})();
