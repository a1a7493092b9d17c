// Shows the amount to be charged (and the "cover the fee" amount) before paying. The server reads
// what was typed with the same parser and gross-up as the gift itself (donations/amounts.py), so a
// decimal comma or an ambiguous amount reads here exactly as it will be charged.
(function () {
  "use strict";
  var form = document.querySelector(".giving-form[data-preview-url]");
  if (!form) { return; }
  var charge = document.getElementById("charge-summary");
  var feeSummary = document.getElementById("fee-summary");
  var cover = form.querySelector("input[name=cover_fee]");
  var latest = 0;
  var timer = null;

  function typedAmount() {
    var typed = form.querySelector("input[name=amount]").value;
    if (typed.trim()) { return typed; }
    var preset = form.querySelector("input[name=preset]:checked");
    return preset ? preset.value : "";
  }
  function show(data) {
    if (charge) { charge.textContent = data.message; }
    if (feeSummary) { feeSummary.textContent = data.ok ? data.fee_message : "Choose an amount to see the processing fee."; }
  }
  function update() {
    var amount = typedAmount();
    if (!amount.trim()) {
      show({ ok: false, message: "" });
      return;
    }
    var query = new URLSearchParams({ amount: amount, cover_fee: cover && cover.checked ? "1" : "0" });
    var request = ++latest;
    fetch(form.dataset.previewUrl + "?" + query.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { if (request === latest) { show(data); } })
      .catch(function () { /* offline: Stripe's page still shows the amount before paying */ });
  }
  function soon() {
    clearTimeout(timer);
    timer = setTimeout(update, 200);
  }
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  update();
})();
