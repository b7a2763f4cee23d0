// GOV.UK Frontend's body-class snippet, as a file: inline scripts are blocked by our CSP.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
