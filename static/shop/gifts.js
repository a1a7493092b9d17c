// Progressive enhancement only: the forms work without this. Shows slots left and a live card preview.
(function () {
  var form = document.querySelector("[data-slots-form]");
  if (form) {
    var left = form.querySelector("[data-slots-left]");
    var update = function () {
      var size = form.querySelector("input[name=size]:checked");
      if (!size || !left) return;
      var used = 0;
      form.querySelectorAll("input[name^='item-']").forEach(function (input) { used += parseInt(input.value || "0", 10) || 0; });
      var remaining = parseInt(size.dataset.slots, 10) - used;
      left.textContent = remaining >= 0 ? remaining + " slot(s) left." : "Too many items: remove " + (-remaining) + ".";
      form.querySelector("button[type=submit]").disabled = remaining < 0 || used === 0;
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }
  var message = document.querySelector("[data-card-message]");
  var preview = document.querySelector("[data-card-preview]");
  if (message && preview) {
    message.addEventListener("input", function () { preview.textContent = message.value || "Your message appears here."; });
  }
})();
