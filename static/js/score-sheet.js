/* Score sheet and score import: move the keyboard focus to the error summary (or the
   import's error report) when the page comes back with errors, so a screen reader reads it
   first and its links lead to the fields. Without this script the summary is still at the
   top of the page. */
(function () {
  "use strict";

  function focusSummary() {
    var summary =
      document.getElementById("ringkasan-kesalahan") ||
      document.getElementById("laporan-kesalahan");
    if (summary) {
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
