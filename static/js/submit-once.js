// A form that creates a record carries a one-time "submission_token" (casework/services/submission.py);
// the server makes one record per token whatever the browser does. This script spares the
// second request and keeps the token across Back:
// - the first press disables the form's buttons, so a double click sends one request;
// - the token sent is remembered in this page's history entry, so when Back shows the form
//   again (our pages are not cached, so the browser fetches it anew, with a new token), the
//   form gets the token it was sent with and saving it again is recognised as already saved;
// - a page shown again from the back/forward cache gets its buttons back.
(function () {
  "use strict";

  var FIELD = 'input[name="submission_token"]';

  function buttons(form) {
    return form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
  }

  function key(form) {
    return form.getAttribute("action") || window.location.pathname;
  }

  function sentTokens() {
    var state = window.history.state;
    return (state && state.submissionTokens) || {};
  }

  function restoreTokens() {
    var sent = sentTokens();
    document.querySelectorAll("form").forEach(function (form) {
      var field = form.querySelector(FIELD);
      if (field && sent[key(form)]) {
        field.value = sent[key(form)];
      }
    });
  }

  function enable(form) {
    delete form.dataset.submitted;
    buttons(form).forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-disabled");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var field = form instanceof HTMLFormElement ? form.querySelector(FIELD) : null;
    if (!field) {
      return;
    }
    if (form.dataset.submitted === "true") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "true";
    var sent = sentTokens();
    sent[key(form)] = field.value;
    window.history.replaceState(Object.assign({}, window.history.state, { submissionTokens: sent }), "");
    // After this event, so the pressed button's own name and value are still sent.
    window.setTimeout(function () {
      buttons(form).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });

  restoreTokens();
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll('form[data-submitted="true"]').forEach(enable);
    }
  });
})();
