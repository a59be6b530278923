/* National map of the approved counties, by province (a count per province; the table below the map lists
   the same counts). The outline is the vendored ECharts map; features are matched by short name. */
(function () {
  "use strict";
  var el = document.getElementById("approved-map");
  if (!el || typeof echarts === "undefined") { return; }
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.showLoading({ text: el.dataset.loadingText || "…" });
  Promise.all([fetch(el.dataset.mapUrl).then(function (r) { return r.json(); }),
               fetch(el.dataset.dataUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); })])
    .then(function (parts) {
      var geo = parts[0], data = parts[1], t = data.labels || {};
      echarts.registerMap("china", geo);
      var byName = {};
      var max = 1;
      data.areas.forEach(function (a) { byName[a.name] = a; if (a.value > max) { max = a.value; } });
      chart.hideLoading();
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) {
          var a = byName[p.name];
          return a ? a.full_name + "<br>" + t.approved + a.value : p.name + "<br>" + (t.no_data || "");
        } },
        visualMap: { min: 0, max: max, left: 10, bottom: 10, calculable: true, text: [t.high, t.low],
                     inRange: { color: ["#eef4fb", "#8fbce6", "#2f7bc4", "#0b3d75"] } },
        series: [{ type: "map", map: "china", roam: true, label: { show: false }, emphasis: { label: { show: true } },
                   itemStyle: { borderColor: "#fff", areaColor: "#eef4fb" },
                   data: data.areas.map(function (a) { return { name: a.name, value: a.value }; }) }]
      });
      el.setAttribute("data-rendered", "true");
    })
    .catch(function () { chart.hideLoading(); el.textContent = el.dataset.failedText || ""; });
  window.addEventListener("resize", function () { chart.resize(); });
}());
