/* Choropleth maps (national by province, province by prefecture). The GeoJSON and the data are fetched
   from this site's static files and JSON endpoints; features are matched by name. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el) { return; }
  var chart = echarts.init(el, null, { renderer: "svg" });
  // The page states the loading and failure texts; the data carries the rest of the script's words, both in
  // the reader's language.
  chart.showLoading({ text: el.dataset.loadingText || "…" });
  var NANHAI = "南海诸岛";  // the feature's name in ECharts, not a display text
  // The inset's box: around the dash-line outlines ECharts draws for 南海诸岛 (lon 126–132, lat 19–25).
  function frameNanhai() {
    var a = chart.convertToPixel({ seriesIndex: 0 }, [125.1, 26.3]);
    var b = chart.convertToPixel({ seriesIndex: 0 }, [133.1, 17.4]);
    if (!a || !b) { return; }
    chart.setOption({ graphic: [{ id: "nanhai-frame", type: "rect", silent: true, z: 0,
      shape: { x: a[0], y: a[1], width: b[0] - a[0], height: b[1] - a[1] },
      style: { fill: "rgba(255,255,255,0.6)", stroke: "#3d4b5c", lineWidth: 1 } }] });
  }
  function fmt(v, d) { return v === null || v === undefined ? "—" : Number(v).toFixed(d); }
  Promise.all([fetch(el.dataset.mapUrl).then(function (r) { return r.json(); }),
               fetch(el.dataset.dataUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); })])
    .then(function (parts) {
      var geo = parts[0], data = parts[1], t = data.labels || {};
      echarts.registerMap(el.dataset.mapName, geo);
      var byName = {};
      var values = [];
      data.areas.forEach(function (a) { byName[a.name] = a; if (a.value !== null) { values.push(a.value); } });
      var share = data.metric === "share";
      var noData = data.no_data_color || "#c3c9d1";
      var national = data.level === "province";
      // Areas with a value take the colour scale; the others (and any feature without data) the "无数据" fill.
      var series = data.areas.filter(function (a) { return a.on_map; }).map(function (a) {
        return a.value === null ? { name: a.name, itemStyle: { areaColor: noData } } : { name: a.name, value: a.value };
      });
      if (national) {
        // The 南海诸岛 inset ECharts adds to the "china" map: dark outlines, a frame and a label.
        series.push({ name: NANHAI, itemStyle: { areaColor: "#3d4b5c", borderColor: "#3d4b5c", borderWidth: 1.2 },
                      label: { show: true, position: "bottom", formatter: t.nanhai, fontSize: 12, color: "#1f2933" } });
      }
      chart.hideLoading();
      chart.setOption({
        tooltip: {
          trigger: "item",
          formatter: function (p) {
            var a = byName[p.name];
            if (p.name === NANHAI) { return t.nanhai; }
            if (!a) { return p.name + "<br>" + t.no_data; }
            if (a.monitored === false) { return a.full_name + "<br>" + t.no_data + "（" + t.not_monitored + "）"; }
            if (a.no_data && !a.counties) { return (a.full_name || a.name) + "<br>" + t.no_data + "（" + t.no_counties + "）"; }
            return (a.full_name || a.name) + "<br>" + t.counties + a.counties +
              "<br>" + t.mean_index + fmt(a.mean_index, 2) +
              "<br>" + t.eligible + a.eligible + " (" + fmt(a.eligible_share === null ? null : a.eligible_share * 100, 0) + "%)";
          }
        },
        visualMap: {
          min: share ? 0 : Math.floor(Math.min.apply(null, values.length ? values : [0])),
          max: share ? 100 : Math.ceil(Math.max.apply(null, values.length ? values : [100])),
          left: 10, bottom: 10, calculable: true, text: [share ? t.high_share : t.high_index, t.low],
          inRange: { color: ["#d2e4f6", "#8fbce6", "#2f7bc4", "#0b3d75"] }
        },
        series: [{
          type: "map", map: el.dataset.mapName, roam: true, name: data.metric_label,
          label: { show: data.level !== "province", fontSize: 10 },
          emphasis: { label: { show: true } },
          itemStyle: { borderColor: "#fff", areaColor: noData },
          data: series
        }]
      });
      if (national) { frameNanhai(); chart.on("georoam", frameNanhai); }
      el.setAttribute("data-rendered", "true");
      chart.on("click", function (p) {
        var a = byName[p.name];
        if (!a || !a.code) { return; }
        if (data.level === "province") {
          window.location.href = el.dataset.clickUrl.replace("/00/", "/" + a.code + "/");
        } else if (a.kind === "county") {
          window.location.href = el.dataset.countyUrl.replace("000000", a.code);
        } else {
          window.location.href = el.dataset.clickUrl + a.code;
        }
      });
    })
    .catch(function () { chart.hideLoading(); el.textContent = el.dataset.failedText || ""; });
  window.addEventListener("resize", function () { chart.resize(); if (el.dataset.mapName === "china") { frameNanhai(); } });
}());
