/* Target realism charts: the peers' three-year improvements as dots, with the median, the 95th
   percentile, the target and the county's own past improvement as vertical lines. Data from json_script. */
(function () {
  "use strict";
  var node = document.getElementById("realism-data");
  if (!node || typeof echarts === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var L = data.labels;
  data.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) { return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    var lines = [];
    function line(value, name, color, type) {
      if (value !== null && value !== undefined) {
        lines.push({ xAxis: value, name: name, lineStyle: { color: color, type: type, width: 2 },
                     label: { formatter: name + " " + value + "%", color: color } });
      }
    }
    line(c.p50, L.p50, "#7f8c8d", "dashed");
    line(c.p95, L.p95, "#c0392b", "dashed");
    line(c.own, L.own, "#27ae60", "dotted");
    line(c.target, L.target, "#0b5394", "solid");
    chart.setOption({
      title: { text: c.title, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "item", formatter: function (p) { return L.peers + "：" + p.value[0] + "%"; } },
      grid: { left: 40, right: 40, top: 40, bottom: 40 },
      xAxis: { type: "value", name: L.axis, nameLocation: "middle", nameGap: 26, scale: true },
      yAxis: { type: "value", show: false, min: -1, max: 1 },
      series: [{
        name: L.peers, type: "scatter", symbolSize: 8, itemStyle: { color: "#95a5a6", opacity: 0.7 },
        data: c.peers.map(function (v, i) { return [v, ((i * 37) % 100) / 125 - 0.4]; }),
        markLine: { symbol: "none", silent: true, data: lines }
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
}());
