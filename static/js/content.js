/* Quiz autosave: each change is posted to the attempt's autosave address, so
   a reload or a lost connection keeps the answers. Without JavaScript the
   "Save my answers" button does the same. */
(function () {
  "use strict";
  var form = document.querySelector("form.quiz-form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = form.querySelector(".quiz-autosave-status");
  var timer = null;
  var submitting = false;

  function show(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function save() {
    timer = null;
    if (submitting) {
      return;
    }
    var data = new FormData(form);
    data.delete("action");
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", Accept: "application/json" }
    })
      .then(function (response) {
        return response.json().then(function (body) {
          show(body.message || body.error || "");
          form.dataset.saved = body.ok ? "1" : "0";
        });
      })
      .catch(function () {
        form.dataset.saved = "0";
        show(form.dataset.offlineMessage || "");
      });
  }

  function schedule(delay) {
    form.dataset.saved = "0";
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(save, delay);
  }

  // Submitting sends every answer itself: no autosave may follow it.
  form.addEventListener("submit", function () {
    submitting = true;
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
  });

  form.addEventListener("change", function () {
    schedule(150);
  });
  form.addEventListener("input", function (event) {
    if (event.target.type === "text") {
      schedule(800);
    }
  });
})();
