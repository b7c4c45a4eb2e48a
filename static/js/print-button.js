/* A "Cetak" button (data-print) opens the browser's print dialog. Without this script
   the browser's own print command does the same. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
