// Small helpers on top of htmx. Every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary after a failed submit, so screen readers hear it first.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});
