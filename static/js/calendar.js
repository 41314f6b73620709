// Tap the arrival day, then the departure day, in the respite calendar: the date fields below are
// filled in and the preview beside the button updates. The fields stay for keyboards and without
// JavaScript; this only saves typing.
(function () {
  function fields() {
    var form = document.getElementById("stay-form");
    if (!form) { return null; }
    return { form: form, arrival: form.querySelector("[name=arrival]"), departure: form.querySelector("[name=departure]") };
  }

  function dayOf(cell) {
    var holder = cell.querySelector("[data-date]");
    return holder ? holder.getAttribute("data-date") : null;
  }

  function set(input, value) {
    input.value = value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function mark() {
    var f = fields();
    if (!f) { return; }
    document.querySelectorAll(".calendar-table td.day").forEach(function (cell) {
      var day = dayOf(cell);
      if (!day) { return; }
      var chosen = f.arrival.value && day >= f.arrival.value && day <= (f.departure.value || f.arrival.value);
      cell.classList.toggle("day--chosen", Boolean(chosen));
    });
  }

  document.addEventListener("click", function (event) {
    var cell = event.target.closest ? event.target.closest(".calendar-table td.day") : null;
    var f = fields();
    var day = cell ? dayOf(cell) : null;
    if (!day || !f) { return; }
    var nights = f.form.getAttribute("data-nights") === "1";
    var unit = f.form.querySelector("[name=unit]");
    var table = cell.closest("table");
    if (unit && table && table.getAttribute("data-unit") && unit.value !== table.getAttribute("data-unit")) {
      unit.value = table.getAttribute("data-unit");
    }
    var after = nights ? day > f.arrival.value : day >= f.arrival.value;
    if (f.arrival.value && !f.departure.value && after) {
      set(f.departure, day);
    } else {
      f.departure.value = "";
      set(f.arrival, day);
    }
    mark();
  });

  document.addEventListener("change", function (event) {
    if (event.target && event.target.form && event.target.form.id === "stay-form") { mark(); }
  });
  document.addEventListener("htmx:afterSwap", mark);
  document.addEventListener("DOMContentLoaded", mark);
})();
