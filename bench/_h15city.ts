// Per-city chart rendering, CPU ms (user+system), after 3 warm-up cities.
import { buildRollupInput } from '#bench/rollupBench.ts';
import { computeRollup } from '#shared/rollup/compute.ts';
import { cityChartSpecs } from '#shared/charts/reportCharts.ts';
import { chartSvg } from '#shared/reports/charts/renderChart.ts';
import { renderCharts } from '#shared/reports/charts/reportCharts.ts';
const input = buildRollupInput({ cities: 23, quarters: 8, enterprisesPerCity: 5, period: '2024Q4' });
const rollup = computeRollup(input);
const cities = rollup.cities;
for (const city of cities.slice(0, 3)) await renderCharts(cityChartSpecs(rollup, city));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let a = cpu(); let bytes = 0;
for (const city of cities.slice(3)) for (const c of await renderCharts(cityChartSpecs(rollup, city))) bytes += c.png.length;
const full = (cpu() - a) / 20;
a = cpu();
for (const city of cities.slice(3)) cityChartSpecs(rollup, city).forEach(chartSvg);
const svg = (cpu() - a) / 20;
console.log(`per city: ${full.toFixed(0)} ms CPU (SVG ${svg.toFixed(0)} ms, rasterise+encode ${(full - svg).toFixed(0)} ms), PNG ${(bytes / 20 / 1024).toFixed(0)} KB`);
