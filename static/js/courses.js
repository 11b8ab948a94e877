/* Course pages: tick and untick an activity without reloading the page.
   Progressive enhancement: the forms work without this script (the server
   redirects back with a message). */
(function () {
  "use strict";

  function announce(text) {
    var live = document.getElementById("courses-live");
    if (!live) return;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function updateProgress(progress) {
    document.querySelectorAll('[data-progress-course="' + progress.course + '"]').forEach(function (box) {
      var bar = box.querySelector('[role="progressbar"]');
      var fill = box.querySelector(".progress-bar");
      var text = box.querySelector("[data-progress-text]");
      if (bar) {
        bar.setAttribute("aria-valuenow", String(progress.percent));
        bar.setAttribute("aria-valuetext", progress.text);
      }
      if (fill) fill.style.width = progress.percent + "%";
      if (text) text.textContent = progress.text;
    });
  }

  function updateActivity(form, done) {
    var input = form.querySelector('input[name="done"]');
    var button = form.querySelector('button[type="submit"]');
    var label = form.querySelector("[data-tick-label]");
    input.value = done ? "0" : "1";
    label.textContent = done ? form.dataset.labelUntick : form.dataset.labelTick;
    button.classList.toggle("btn-primary", !done);
    button.classList.toggle("btn-outline-secondary", done);
    var scope = form.closest(".activity-item, section") || document;
    scope.querySelectorAll("[data-state]").forEach(function (badge) {
      badge.textContent = done ? badge.dataset.labelDone : badge.dataset.labelTodo;
      badge.classList.toggle("text-bg-success", done);
      badge.classList.toggle("text-bg-secondary", !done);
    });
  }

  function onSubmit(event) {
    var form = event.target.closest("form[data-tick-form]");
    if (!form) return;
    event.preventDefault();
    var button = form.querySelector('button[type="submit"]');
    var token = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" }
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        var previous = form.parentNode.querySelector(".tick-error");
        if (previous) previous.remove();
        if (!result.ok) {
          var alert = document.createElement("p");
          alert.className = "tick-error alert alert-warning small mt-2 mb-0";
          alert.setAttribute("role", "alert");
          alert.textContent = result.data.error || "";
          form.after(alert);
          return;
        }
        updateActivity(form, result.data.done);
        updateProgress(result.data.progress);
        announce(result.data.message + " " + result.data.progress.text);
      })
      .catch(function () { form.submit(); })
      .finally(function () { button.disabled = false; });
  }

  document.addEventListener("submit", onSubmit);
})();
