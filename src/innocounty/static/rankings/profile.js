/* County profile charts: radar of dimension scores against the province and belt means, and the trend
   of the index and ranks over the published years. Data comes from the page (json_script), no requests. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var palette = ["#0b5394", "#e67e22", "#7f8c8d"];
  var radarEl = document.getElementById("radar");
  if (radarEl && data.dimensions.length) {
    var radar = echarts.init(radarEl, null, { renderer: "svg" });
    radar.setOption({
      color: palette,
      tooltip: { trigger: "item" },
      legend: { bottom: 0, data: [data.names.county, data.names.province, data.names.belt] },
      radar: { indicator: data.dimensions, radius: "62%", center: ["50%", "48%"], axisName: { color: "#1f2933" } },
      series: [{
        type: "radar",
        data: [
          { name: data.names.county, value: data.county, areaStyle: { opacity: 0.25 } },
          { name: data.names.province, value: data.province, lineStyle: { type: "dashed" } },
          { name: data.names.belt, value: data.belt, lineStyle: { type: "dotted" } }
        ]
      }]
    });
    window.addEventListener("resize", function () { radar.resize(); });
  }
  var trendEl = document.getElementById("trend");
  if (trendEl && data.years.length) {
    var trend = echarts.init(trendEl, null, { renderer: "svg" });
    trend.setOption({
      color: palette,
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, data: [data.labels.index, data.labels.national_rank, data.labels.province_rank] },
      grid: { left: 48, right: 56, top: 30, bottom: 56 },
      xAxis: { type: "category", data: data.years.map(String) },
      yAxis: [
        { type: "value", name: data.labels.index_axis, min: 0, max: 100 },
        { type: "value", name: data.labels.rank_axis, inverse: true, minInterval: 1 }
      ],
      series: [
        { name: data.labels.index, type: "line", data: data.index, symbolSize: 8 },
        { name: data.labels.national_rank, type: "line", yAxisIndex: 1, data: data.national_rank, lineStyle: { type: "dashed" } },
        { name: data.labels.province_rank, type: "line", yAxisIndex: 1, data: data.province_rank, lineStyle: { type: "dotted" } }
      ]
    });
    window.addEventListener("resize", function () { trend.resize(); });
  }
}());
