/* The reporting-rate map: each province coloured by its submission status (on time, late, pending, overdue).
   GeoJSON and data come from this site (the rankings' China map); areas are matched by short name. */
(function () {
  "use strict";
  var el = document.getElementById("reporting-map");
  if (!el || !window.echarts) { return; }
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.showLoading({ text: el.dataset.loadingText || "…" });
  var COLORS = { on_time: "#2e7d32", late: "#f9a825", pending: "#90a4ae", overdue: "#c62828" };
  var ORDER = ["on_time", "late", "pending", "overdue"];
  Promise.all([fetch(el.dataset.mapUrl).then(function (r) { return r.json(); }),
               fetch(el.dataset.dataUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); })])
    .then(function (parts) {
      var geo = parts[0], data = parts[1], byName = {};
      echarts.registerMap("china-reporting", geo);
      data.areas.forEach(function (a) { byName[a.name] = a; });
      chart.hideLoading();
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) {
          var a = byName[p.name];
          if (!a) { return p.name; }
          return a.full_name + "<br>" + a.status_label + "<br>" + el.dataset.countiesLabel + " " +
            a.counties_received + " / " + a.counties_expected;
        } },
        visualMap: { type: "piecewise", left: 10, bottom: 10,
          pieces: ORDER.map(function (s, i) { return { value: i, label: data.statuses[s], color: COLORS[s] }; }) },
        series: [{ type: "map", map: "china-reporting", roam: false,
          data: data.areas.map(function (a) { return { name: a.name, value: ORDER.indexOf(a.status) }; }) }]
      });
    })
    .catch(function () { chart.hideLoading(); el.textContent = el.dataset.failedText || ""; });
})();
