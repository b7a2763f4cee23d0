// After a passkey is registered, show the updated list (django-otp-webauthn's script
// announces the result with a DOM event; nothing inline, so the CSP stays 'self').
document.addEventListener("otp_webauthn.register_complete", function () {
  window.location.reload();
});
