/* Event-study plot of the programme's effect: one point per year since approval with its 95% interval
   (a bar from low to high), the reference year at 0, a line at zero and a mark at the approval year.
   The data and the words come from the page's JSON endpoint, in the reader's language. */
(function () {
  "use strict";
  var el = document.getElementById("effect-chart");
  if (!el || typeof echarts === "undefined") { return; }
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.showLoading({ text: el.dataset.loadingText || "…" });
  function fmt(v) { return v === null || v === undefined ? "—" : (v >= 0 ? "+" : "") + Number(v).toFixed(2); }
  fetch(el.dataset.dataUrl, { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
    .then(function (data) {
      var t = data.labels || {};
      var labels = data.points.map(function (p) { return p.label; });
      var approvalIndex = data.points.findIndex(function (p) { return p.event_time === 0; });
      chart.hideLoading();
      chart.setOption({
        grid: { left: 60, right: 24, top: 36, bottom: 56 },
        legend: { data: [t.estimate, t.interval], top: 0 },
        tooltip: {
          trigger: "axis",
          formatter: function (items) {
            var p = data.points[items[0].dataIndex];
            if (p.reference) { return p.label + "<br>" + t.reference; }
            return p.label + "<br>" + t.estimate + "：" + fmt(p.estimate) + "<br>" + t.interval + "：" + fmt(p.low) + " ~ " + fmt(p.high);
          }
        },
        xAxis: { type: "category", data: labels, name: t.axis_x, nameLocation: "middle", nameGap: 32 },
        yAxis: { type: "value", name: t.axis_y, nameLocation: "middle", nameGap: 44, scale: true },
        series: [
          { name: t.interval, type: "custom",
            renderItem: function (params, api) {
              var low = api.coord([api.value(0), api.value(1)]);
              var high = api.coord([api.value(0), api.value(2)]);
              var w = 6;
              var style = { stroke: "#2f7bc4", lineWidth: 1.5 };
              return { type: "group", children: [
                { type: "line", shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style: style },
                { type: "line", shape: { x1: low[0] - w, y1: low[1], x2: low[0] + w, y2: low[1] }, style: style },
                { type: "line", shape: { x1: high[0] - w, y1: high[1], x2: high[0] + w, y2: high[1] }, style: style }
              ] };
            },
            encode: { x: 0, y: [1, 2] },
            data: data.points.map(function (p, i) { return [i, p.low, p.high]; }), z: 1 },
          { name: t.estimate, type: "line", symbolSize: 9, lineStyle: { width: 1, type: "dashed", color: "#0b3d75" },
            itemStyle: { color: "#0b3d75" },
            data: data.points.map(function (p) { return p.reference ? { value: 0, symbol: "diamond", symbolSize: 11, itemStyle: { color: "#c0392b" } } : p.estimate; }),
            markLine: { silent: true, symbol: "none", data: [
              { yAxis: 0, lineStyle: { color: "#888", type: "solid" }, label: { show: false } },
              approvalIndex >= 0 ? { xAxis: approvalIndex, lineStyle: { color: "#c0392b", type: "dotted" }, label: { formatter: t.approval } } : null
            ].filter(Boolean) }, z: 2 }
        ]
      });
      el.setAttribute("data-rendered", "true");
    })
    .catch(function () { chart.hideLoading(); el.textContent = el.dataset.failedText || ""; });
  window.addEventListener("resize", function () { chart.resize(); });
}());
