/* The statistical audit's correlation heatmap on the run page (vendored ECharts). Data comes from the page
   (json_script "audit-data"), no requests. Cells within one dimension are outlined; COINr's thresholds colour
   the tooltip's class. */
(function () {
  "use strict";
  var source = document.getElementById("audit-data");
  var el = document.getElementById("audit-heatmap");
  if (!source || !el || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var t = data.thresholds;
  function kind(r) {
    if (r === null) { return "—"; }
    if (r <= t.negative) { return "negative"; }
    if (r <= t.weak) { return "weak"; }
    if (r >= t.high) { return "high"; }
    return "ok";
  }
  var chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    tooltip: {
      position: "top",
      formatter: function (p) {
        var x = data.codes[p.value[0]], y = data.codes[p.value[1]], r = p.value[2];
        return y + " × " + x + "<br>r = " + (r === null ? "—" : r) + " (" + kind(r) + ")";
      }
    },
    grid: { left: 70, right: 20, top: 10, bottom: 90 },
    xAxis: { type: "category", data: data.codes, axisLabel: { rotate: 90, fontSize: 10 }, splitArea: { show: true } },
    yAxis: { type: "category", data: data.codes, inverse: true, axisLabel: { fontSize: 10 }, splitArea: { show: true } },
    visualMap: {
      min: -1, max: 1, calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 200,
      inRange: { color: ["#a63446", "#fbfef9", "#0c6291"] }
    },
    series: [{ name: data.labels.title, type: "heatmap", data: data.cells, emphasis: { itemStyle: { borderColor: "#333", borderWidth: 1 } } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
}());
