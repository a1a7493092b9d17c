// Progressive enhancement only: every form works without this.
// Build-your-own: slots left, no more items than slots, and the running price and impact of one
// box, as the server computes them (the same pricing and impact claim as the order itself).
(function () {
  var form = document.querySelector("[data-slots-form]");
  if (form) {
    var left = form.querySelector("[data-slots-left]");
    var submit = form.querySelector("button[type=submit]");
    var items = Array.prototype.slice.call(form.querySelectorAll("input[name^='item-']"));
    var estimate = form.querySelector("[data-estimate]");
    var url = form.dataset.estimateUrl;
    var timer = null;
    var latest = 0;
    var count = function (input) { return Math.max(parseInt(input.value || "0", 10) || 0, 0); };
    var show = function (data) {
      if (!estimate) return;
      estimate.hidden = false;
      var price = estimate.querySelector("[data-estimate-price]");
      var impact = estimate.querySelector("[data-estimate-impact]");
      var problems = estimate.querySelector("[data-estimate-problems]");
      price.textContent = data.unit_price
        ? data.unit_price + " per box" + (data.discount_percent ? " (" + data.discount_percent + " % volume discount)" : "") +
          " · " + data.goods_total + " for " + (form.querySelector("#quantity").value || "1") + " box(es), before customisation and shipping"
        : "";
      impact.textContent = data.impact ? "Each box " + data.impact + "." : "";
      problems.textContent = (data.problems || []).join(" ");
    };
    var ask = function () {
      if (!url) return;
      var size = form.querySelector("input[name=size]:checked");
      var params = new URLSearchParams();
      if (size) params.set("size", size.value);
      params.set("quantity", form.querySelector("#quantity").value || "1");
      items.forEach(function (input) { if (count(input) > 0) params.set(input.name, String(count(input))); });
      var ticket = ++latest;
      fetch(url + "?" + params.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) { if (ticket === latest) show(data); })
        .catch(function () { /* the plain form still works; the server checks everything again */ });
    };
    var update = function () {
      var size = form.querySelector("input[name=size]:checked");
      if (!size || !left) return;
      var slots = parseInt(size.dataset.slots, 10);
      var used = items.reduce(function (sum, input) { return sum + count(input); }, 0);
      var remaining = slots - used;
      left.textContent = remaining >= 0 ? remaining + " slot(s) left." : "Too many items: remove " + (-remaining) + ".";
      items.forEach(function (input) { if (!input.disabled) input.max = String(count(input) + Math.max(remaining, 0)); });
      submit.disabled = remaining < 0 || used === 0;
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    };
    if (left) {
      form.addEventListener("input", update);
      form.addEventListener("change", update);
      update();
    }
  }
  var message = document.querySelector("[data-card-message]");
  var preview = document.querySelector("[data-card-preview]");
  if (message && preview) {
    message.addEventListener("input", function () { preview.textContent = message.value || "Your message appears here."; });
  }
})();
