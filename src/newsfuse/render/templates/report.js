// Citations: hover shows the cited sentence (CSS); click, tap or Enter pins it; Escape or a click elsewhere closes it.
(function () {
  "use strict";
  function close(except) {
    document.querySelectorAll(".cite.open").forEach(function (c) {
      if (c !== except) {
        c.classList.remove("open");
        c.querySelector(".cite-btn").setAttribute("aria-expanded", "false");
      }
    });
  }
  function place(cite) {
    var pop = cite.querySelector(".pop");
    pop.style.left = "";
    var r = pop.getBoundingClientRect();
    var over = r.right - (document.documentElement.clientWidth - 8);
    if (over > 0) { pop.style.left = Math.max(-r.left + 8, -over) + "px"; }
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest(".cite-btn") : null;
    if (!btn) { if (!ev.target.closest || !ev.target.closest(".pop")) { close(null); } return; }
    var cite = btn.parentNode;
    cite.classList.remove("shut");
    var open = !cite.classList.contains("open");
    close(cite);
    cite.classList.toggle("open", open);
    btn.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { place(cite); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") { return; }
    close(null);
    // A focused citation would show again through :focus-visible; keep it shut until focus moves on.
    var cite = document.activeElement && document.activeElement.closest ? document.activeElement.closest(".cite") : null;
    if (cite) { cite.classList.add("shut"); }
  });
  document.addEventListener("focusout", function (ev) {
    var cite = ev.target.closest ? ev.target.closest(".cite") : null;
    if (cite) { cite.classList.remove("shut"); }
  });
})();
