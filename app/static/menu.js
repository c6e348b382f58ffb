/* The phone menu (under 700 px): without JavaScript a checkbox and its label open it; here the
 * pair becomes one button that says whether the menu is open (aria-expanded), and Escape
 * closes it again. */
(function () {
  "use strict";
  var toggle = document.getElementById("menu-toggle");
  var header = toggle && toggle.closest(".site-header");
  var label = header && header.querySelector("label[for=menu-toggle]");
  if (!label) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "menu-button";
  button.setAttribute("aria-controls", toggle.getAttribute("aria-controls"));
  while (label.firstChild) { button.appendChild(label.firstChild); }

  function show(open) {
    header.classList.toggle("menu-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  button.addEventListener("click", function () {
    show(!header.classList.contains("menu-open"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.classList.contains("menu-open")) {
      show(false);
      button.focus();
    }
  });
  show(toggle.checked);
  label.replaceWith(button);
  toggle.remove();
})();
