/* The portal's proof-of-work (tnoc.portal.guards.ProofOfWork): before the report form
   is sent, find a nonce such that sha256(challenge + nonce) starts with N zero bits,
   N from the form's data-pow-bits. Without JavaScript (or without WebCrypto) the form
   is sent as it is and the portal's global limit applies instead. No data leaves the
   page but the form itself. */
(function () {
  "use strict";
  function zeroBits(bytes) {
    var bits = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { bits += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { bits += 1; b <<= 1; }
      return bits;
    }
    return bits;
  }
  async function solve(challenge, bits) {
    var encoder = new TextEncoder();
    var batch = 512;
    for (var start = 0; ; start += batch) {
      var tries = [];
      for (var n = start; n < start + batch; n++) {
        tries.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge + n)));
      }
      var digests = await Promise.all(tries);
      for (var k = 0; k < digests.length; k++) {
        if (zeroBits(new Uint8Array(digests[k])) >= bits) { return String(start + k); }
      }
    }
  }
  function attach(form) {
    var sending = false;
    form.addEventListener("submit", function (event) {
      var nonce = form.querySelector("input[name=pow_nonce]");
      var challenge = form.querySelector("input[name=pow_challenge]");
      if (sending || !nonce || !challenge || nonce.value ||
          !(window.crypto && crypto.subtle && window.TextEncoder)) { return; }
      event.preventDefault();
      sending = true;
      var status = form.querySelector(".pow-status");
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      if (status) { status.textContent = status.getAttribute("data-working") || "…"; }
      solve(challenge.value, parseInt(form.getAttribute("data-pow-bits"), 10) || 16)
        .then(function (found) { nonce.value = found; form.submit(); })
        .catch(function () { form.submit(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-pow-bits]");
    for (var i = 0; i < forms.length; i++) { attach(forms[i]); }
  });
})();
