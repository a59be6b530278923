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
      chart.hideLoading();
      chart.setOption({
        tooltip: {
          trigger: "item",
          formatter: function (p) {
            var a = byName[p.name];
            if (!a) { return p.name + "<br>" + t.no_counties; }
            return (a.full_name || a.name) + "<br>" + t.counties + a.counties +
              "<br>" + t.mean_index + fmt(a.mean_index, 2) +
              "<br>" + t.eligible + a.eligible + " (" + fmt(a.eligible_share === null ? null : a.eligible_share * 100, 0) + "%)";
          }
        },
        visualMap: {
          min: share ? 0 : Math.floor(Math.min.apply(null, values.length ? values : [0])),
          max: share ? 100 : Math.ceil(Math.max.apply(null, values.length ? values : [100])),
          left: 10, bottom: 10, calculable: true, text: [share ? t.high_share : t.high_index, t.low],
          inRange: { color: ["#e8f1fb", "#8fbce6", "#2f7bc4", "#0b3d75"] }
        },
        series: [{
          type: "map", map: el.dataset.mapName, roam: true, name: data.metric_label,
          label: { show: data.level !== "province", fontSize: 10 },
          emphasis: { label: { show: true } },
          itemStyle: { borderColor: "#fff", areaColor: "#f1f3f5" },
          data: data.areas.filter(function (a) { return a.on_map; }).map(function (a) { return { name: a.name, value: a.value }; })
        }]
      });
      el.setAttribute("data-rendered", "true");
      chart.on("click", function (p) {
        var a = byName[p.name];
        if (!a) { return; }
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
  window.addEventListener("resize", function () { chart.resize(); });
}());
