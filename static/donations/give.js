// Shows the exact "cover the fee" amount before paying. Mirrors donations/amounts.py in integer
// cents; the server recomputes it and is the authority.
(function () {
  "use strict";
  var form = document.querySelector(".giving-form[data-fee-rate]");
  if (!form) { return; }
  var summary = document.getElementById("fee-summary");
  var cover = form.querySelector("input[name=cover_fee]");

  function rational(text) {
    var parts = String(text).trim().split(".");
    var decimals = parts[1] || "";
    return { num: parseInt(parts[0] + decimals, 10), den: Math.pow(10, decimals.length) };
  }
  function toCents(text) {
    var match = /^\s*\$?([0-9]{1,9})(?:\.([0-9]{0,2}))?\s*$/.exec(String(text).replace(/,/g, ""));
    if (!match) { return null; }
    return parseInt(match[1], 10) * 100 + parseInt(((match[2] || "") + "00").slice(0, 2), 10);
  }
  var rate = rational(form.dataset.feeRate);
  var fixed = toCents(form.dataset.feeFixed);
  function feeOn(cents) { return Math.floor((2 * cents * rate.num + rate.den) / (2 * rate.den)) + fixed; }
  function grossUp(gift) {
    var charged = Math.ceil(((gift + fixed) * rate.den) / (rate.den - rate.num));
    while (charged - feeOn(charged) < gift) { charged += 1; }
    while (charged - 1 - feeOn(charged - 1) >= gift) { charged -= 1; }
    return charged;
  }
  function dollars(cents) { return "$" + (cents / 100).toFixed(2); }
  function currentGift() {
    var typed = form.querySelector("input[name=amount]").value;
    if (typed.trim()) { return toCents(typed); }
    var preset = form.querySelector("input[name=preset]:checked");
    return preset ? toCents(preset.value) : null;
  }
  function update() {
    if (!summary) { return; }
    var gift = currentGift();
    if (gift === null || gift <= 0) {
      summary.textContent = "Choose an amount to see the processing fee.";
      return;
    }
    var total = grossUp(gift);
    if (cover && cover.checked) {
      summary.textContent = "You will pay " + dollars(total) + ": your gift of " + dollars(gift) +
        " plus " + dollars(total - gift) + " to cover the processing fee.";
    } else {
      summary.textContent = "Add " + dollars(total - gift) + " so your whole gift of " + dollars(gift) + " arrives.";
    }
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
