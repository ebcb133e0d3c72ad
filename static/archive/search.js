// The search page's facets: a 筛选 button above the results on phones (a closed <details>),
// open beside the results on wide screens. Without this script they stay a 筛选 button.
(function () {
  var panel = document.getElementById("facets");
  if (!panel || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 48.01rem)");
  function fit() { panel.open = wide.matches; }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);
})();
