/* Back to a filtered list, the browser may restore the filter form as the visitor left
   it (choices changed for the next page, or the whole page from its back-forward cache),
   so the form would contradict the list below it. On such a return each filter form is
   set back to what the server rendered for this address; a first visit is left alone, so
   nothing typed while a slow page loads is lost. */
window.addEventListener("pageshow", function (event) {
  "use strict";
  var navigation = window.performance && performance.getEntriesByType
    ? performance.getEntriesByType("navigation")[0]
    : null;
  if (!event.persisted && !(navigation && navigation.type === "back_forward")) {
    return;
  }
  document.querySelectorAll("form[data-filter-form]").forEach(function (form) {
    form.reset();
  });
});
