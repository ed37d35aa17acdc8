// Dashboard chart: reads its data from the json_script block (no inline script, CSP-friendly).
(function () {
  "use strict";
  const source = document.getElementById("sex-chart-data");
  const canvas = document.getElementById("sex-chart");
  if (!source || !canvas || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  const vi = (document.documentElement.lang || "vi") !== "en";
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: vi ? "Nữ" : "Women", data: data.female, backgroundColor: "#7a1f5c" },
        { label: vi ? "Nam" : "Men", data: data.male, backgroundColor: "#6c9bd2" },
      ],
    },
    options: { indexAxis: "y", responsive: true, plugins: { legend: { position: "bottom" } },
               scales: { x: { beginAtZero: true } }, locale: vi ? "vi-VN" : "en-GB" },
  });
})();
