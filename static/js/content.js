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

/* Countdown of a time-limited attempt: a visible clock, a spoken warning at
   five and one minute, and the attempt submitted when the time is up (the
   server closes it anyway). */
(function () {
  "use strict";
  var timer = document.querySelector(".quiz-timer[data-deadline]");
  var form = document.querySelector("form.quiz-form");
  if (!timer || !form) {
    return;
  }
  var alert = document.querySelector(".quiz-timer-alert");
  var deadline = Date.parse(timer.dataset.deadline);
  var warned = {};
  if (isNaN(deadline)) {
    return;
  }
  timer.hidden = false;

  function say(text) {
    if (alert) {
      alert.textContent = text;
    }
  }

  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    timer.textContent =
      timer.dataset.label + " " + minutes + " min " + (seconds < 10 ? "0" : "") + seconds + " s";
    if (left <= 300 && left > 60 && !warned.five) {
      warned.five = true;
      say(timer.dataset.five);
    } else if (left <= 60 && left > 0 && !warned.one) {
      warned.one = true;
      say(timer.dataset.one);
    } else if (left === 0 && !warned.over) {
      warned.over = true;
      say(timer.dataset.over);
      var action = document.createElement("input");
      action.type = "hidden";
      action.name = "action";
      action.value = "submit";
      form.appendChild(action);
      form.dispatchEvent(new Event("submit"));
      form.submit();
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
