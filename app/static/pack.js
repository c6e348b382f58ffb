// The pack page: once "Issue" is pressed, say that the pack is being made and keep the button
// from being pressed twice (the form still posts normally; nothing here is needed to issue).
// Back on the page after issuing, the file just issued is downloaded at once (its link, under
// "Issued", is marked data-download-now; without this script the officer clicks it).
(function () {
  var issued = document.querySelector("a[data-download-now]");
  if (issued) { issued.click(); }
  document.querySelectorAll("form[data-pack-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !button.dataset.busy) return;
      var status = form.querySelector("[data-pack-progress]");
      if (status) status.textContent = button.dataset.busy;
      // Disabled after the submission has read the button's name and value.
      setTimeout(function () { button.disabled = true; button.setAttribute("aria-busy", "true"); }, 0);
      form.classList.add("is-busy");
    });
  });
})();
