/* Servicelöfte: warn before leaving a page whose form has unsaved changes.
 *
 * For every <form data-unsaved-warning>: the form's values are remembered when the page
 * loads; any change shows the "not saved" state in its [data-save-state] element (texts
 * in data-dirty-text / data-clean-text, so they come translated from the server) and makes
 * the browser ask before the page is left (beforeunload). Submitting the form does not
 * ask. A form shown again after a failed save (class save-state--dirty) starts as unsaved.
 * Same-origin file, no inline script (CSP). Part of Servicelöfte, not vendored.
 */
(function () {
  "use strict";

  function serialise(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }

  function watch(form) {
    var state = form.querySelector("[data-save-state]");
    var saved = serialise(form);
    var failed = !!(state && state.classList.contains("save-state--dirty"));
    var dirty = failed;
    var submitting = false;

    function show() {
      form.classList.toggle("form--dirty", dirty);
      if (!state) return;
      state.classList.toggle("save-state--dirty", dirty);
      if (!failed) {
        state.textContent = dirty ? state.dataset.dirtyText : state.dataset.cleanText;
      }
    }

    function update() {
      var now = failed || serialise(form) !== saved;
      if (now !== dirty) {
        dirty = now;
        show();
      }
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
        return "";
      }
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        submitting = false;
        update();
      }
    });
  }

  function start() {
    var forms = document.querySelectorAll("form[data-unsaved-warning]");
    for (var i = 0; i < forms.length; i++) watch(forms[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
