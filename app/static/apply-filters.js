/* Filters that apply as soon as they change: a form marked data-apply-on-change is sent when
 * one of its lists changes, a record is chosen in one of its look-up fields (lookup.js says
 * so with "lookup:change"), or a look-up field is emptied. Without JavaScript the form's own
 * button sends it, as before. */
(function () {
  "use strict";
  function send(form) {
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }
  document.querySelectorAll("form[data-apply-on-change]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.tagName === "SELECT") { send(form); return; }
      /* a look-up's text emptied: its filter is dropped */
      if (target.closest(".lookup") && target.type === "text" && !target.value.trim()) {
        var hidden = target.closest(".lookup").querySelector("input.lookup-value");
        if (hidden) { hidden.value = ""; }
        send(form);
      }
    });
    form.addEventListener("lookup:change", function (event) {
      if (event.detail && event.detail.item) { send(form); }
    });
  });
})();
