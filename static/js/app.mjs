import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();

// The case timeline's "Show more" appends the next events (htmx): the focus moves to the first
// of them, as following the link would have moved it, instead of being lost with the link.
document.addEventListener("htmx:afterSettle", (event) => {
  const first = event.detail.target?.querySelector?.("[data-focus-after-load]");
  if (first) {
    first.removeAttribute("data-focus-after-load");
    first.focus();
  }
});
