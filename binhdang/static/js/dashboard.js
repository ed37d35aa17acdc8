// Dashboard chart: reads its data from the json_script block (no inline script, CSP-friendly).
// The figures' names are never cut: they wrap on several lines beside their bars (a long one is
// shortened on the axis and shown whole in the tooltip).
(function () {
  "use strict";
  const source = document.getElementById("sex-chart-data");
  const canvas = document.getElementById("sex-chart");
  if (!source || !canvas || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  const vi = (document.documentElement.lang || "vi") !== "en";
  const narrow = window.matchMedia("(max-width: 576px)").matches;
  const width = narrow ? 18 : 30; // characters a line of a label holds
  const lines = narrow ? 4 : 3;

  function wrap(label) {
    const words = String(label).split(/\s+/);
    const result = [];
    let line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        result.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) result.push(line);
    if (result.length > lines) {
      const kept = result.slice(0, lines);
      kept[lines - 1] = kept[lines - 1].replace(/[ ,;:]*$/, "") + "…";
      return kept;
    }
    return result;
  }

  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels.map(wrap),
      datasets: [
        { label: data.names.female, data: data.female, backgroundColor: "#7a1f5c" },
        { label: data.names.male, data: data.male, backgroundColor: "#6c9bd2" },
      ],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { position: "bottom" },
        tooltip: { callbacks: { title: function (items) { return data.labels[items[0].dataIndex]; } } },
      },
      scales: { x: { beginAtZero: true, ticks: { maxTicksLimit: narrow ? 4 : 8 } }, y: { ticks: { autoSkip: false, font: { size: narrow ? 10 : 12 } } } },
      locale: vi ? "vi-VN" : "en-GB",
    },
  });
})();
