// Live updates where JavaScript runs: the story page shows a notice when a new version lands; the list refreshes.
(function () {
  var me = document.currentScript;
  var kind = me.getAttribute("data-watch");
  function poll() {
    if (kind === "story") {
      var id = me.getAttribute("data-story"), have = parseInt(me.getAttribute("data-version"), 10);
      fetch("/api/stories/" + encodeURIComponent(id) + "/versions").then(function (r) { return r.json(); }).then(function (d) {
        var last = d.versions[d.versions.length - 1].version;
        if (last > have) { location.reload(); }
      }).catch(function () {});
    } else {
      fetch("/api/stories" + location.search).then(function (r) { return r.json(); }).then(function (d) {
        var shown = document.getElementById("count");
        var latest = d.items.length ? d.items[0].updated + d.total : "";
        if (poll.seen !== undefined && latest !== poll.seen) { location.reload(); }
        poll.seen = latest;
        if (shown && String(d.total) !== shown.getAttribute("data-total")) { location.reload(); }
      }).catch(function () {});
    }
  }
  setInterval(poll, 5000);
  poll();
})();
