// Idle timeout warning: the session ends after SESSION_COOKIE_AGE seconds without a request.
// A minute before, offer to stay signed in (which renews the session); at the end, go to the
// sign-in page so that nothing stays on screen. Plain file: our CSP allows no inline script.
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-session-seconds"), 10);
  var banner = document.getElementById("session-warning");
  var stay = document.getElementById("session-stay");
  if (!seconds || !banner || !stay) {
    return;
  }
  var warnTimer, endTimer;

  function start() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    banner.hidden = true;
    warnTimer = setTimeout(function () {
      banner.hidden = false;
      stay.focus();
    }, Math.max(seconds - 60, 0) * 1000);
    endTimer = setTimeout(function () {
      window.location.href = body.getAttribute("data-login-url") + "?next=" + encodeURIComponent(window.location.pathname);
    }, seconds * 1000);
  }

  stay.addEventListener("click", function () {
    fetch(body.getAttribute("data-keepalive-url"), { credentials: "same-origin" }).then(function (response) {
      if (response.ok) {
        start();
      } else {
        window.location.href = body.getAttribute("data-login-url");
      }
    });
  });
  // Any htmx request also renews the session on the server.
  document.addEventListener("htmx:afterRequest", start);
  start();
})();
