// A form that creates a record (it carries a one-time "submission_token") is sent once: the
// first press disables its buttons, so a double click sends one request. The server's token
// is what guarantees a single record (casework/submission.py); this only spares the second
// request. A page shown again from the back/forward cache gets its buttons back.
(function () {
  "use strict";

  function buttons(form) {
    return form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.querySelector('input[name="submission_token"]')) {
      return;
    }
    if (form.dataset.submitted === "true") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "true";
    // After this event, so the pressed button's own name and value are still sent.
    window.setTimeout(function () {
      buttons(form).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });

  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll('form[data-submitted="true"]').forEach(function (form) {
      delete form.dataset.submitted;
      buttons(form).forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
      });
    });
  });
})();
