/* National map of the approved counties, by province (a count per province; the table below the map lists
   the same counts). The outline is the vendored ECharts map; features are matched by short name. */
(function () {
  "use strict";
  var el = document.getElementById("approved-map");
  if (!el || typeof echarts === "undefined") { return; }
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.showLoading({ text: el.dataset.loadingText || "…" });
  var NANHAI = "南海诸岛";  // the feature's name in ECharts, not a display text
  // The inset's frame and label, as on the rankings map (static/rankings/map.js).
  function frameNanhai() {
    var a = chart.convertToPixel({ seriesIndex: 0 }, [125.1, 26.3]);
    var b = chart.convertToPixel({ seriesIndex: 0 }, [133.1, 17.4]);
    if (!a || !b) { return; }
    chart.setOption({ graphic: [{ id: "nanhai-frame", type: "rect", silent: true, z: 0,
      shape: { x: a[0], y: a[1], width: b[0] - a[0], height: b[1] - a[1] },
      style: { fill: "rgba(255,255,255,0.6)", stroke: "#3d4b5c", lineWidth: 1 } }] });
  }
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
          if (p.name === NANHAI) { return t.nanhai; }
          return a ? a.full_name + "<br>" + t.approved + a.value : p.name + "<br>" + (t.no_data || "");
        } },
        visualMap: { min: 0, max: max, left: 10, bottom: 10, calculable: true, text: [t.high, t.low],
                     inRange: { color: ["#eef4fb", "#8fbce6", "#2f7bc4", "#0b3d75"] } },
        series: [{ type: "map", map: "china", roam: true, label: { show: false }, emphasis: { label: { show: true } },
                   itemStyle: { borderColor: "#fff", areaColor: "#eef4fb" },
                   data: data.areas.map(function (a) { return { name: a.name, value: a.value }; }).concat([
                     { name: NANHAI, itemStyle: { areaColor: "#3d4b5c", borderColor: "#3d4b5c", borderWidth: 1.2 },
                       label: { show: true, position: "bottom", formatter: t.nanhai, fontSize: 12, color: "#1f2933" } }]) }]
      });
      frameNanhai();
      chart.on("georoam", frameNanhai);
      el.setAttribute("data-rendered", "true");
    })
    .catch(function () { chart.hideLoading(); el.textContent = el.dataset.failedText || ""; });
  window.addEventListener("resize", function () { chart.resize(); frameNanhai(); });
}());
