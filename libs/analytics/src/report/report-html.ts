/** What the report draws: a run in the service's result-document shape (snake_case keys, ISO times). */
export interface ReportInput {
  readonly title: string;
  readonly result: {
    readonly symbols: readonly string[];
    readonly performance_metrics: Record<string, number | string | null>;
    readonly portfolio_performance: {
      readonly timestamps: readonly string[];
      readonly values: readonly number[];
      readonly drawdowns: readonly number[];
      readonly close: readonly number[];
      readonly benchmark_values: readonly number[] | null;
    };
    readonly trades: readonly { symbol: string; side: string; entry_time: string; exit_time: string; entry_price: number; exit_price: number; pnl: number }[];
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Returns a self-contained HTML report (no external script, style or font): equity against the
 * benchmark, drawdown, the first symbol's price with trade entries and exits, a monthly returns
 * heat map and the stats table. Charts are SVG drawn by an inline script from the embedded data.
 */
export function renderReportHtml({ title, result }: ReportInput): string {
  // "<" is escaped so that no value can close the script element.
  const data = JSON.stringify(result).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
svg{width:100%;height:260px;background:#fafafa;border:1px solid #ddd}.legend span{margin-right:16px}
table{border-collapse:collapse}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}td:first-child,th:first-child{text-align:left}
#heatmap td{width:52px;font-size:12px}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<h2>Equity vs benchmark</h2><div class="legend"><span style="color:#1f77b4">■ equity</span><span style="color:#999">■ benchmark (scaled to initial equity)</span></div>
<svg id="equity" viewBox="0 0 1000 260" preserveAspectRatio="none"></svg>
<h2>Drawdown</h2><svg id="drawdown" viewBox="0 0 1000 260" preserveAspectRatio="none"></svg>
<h2>Price and trades</h2><div class="legend"><span style="color:#2ca02c">▲ entry</span><span style="color:#d62728">▼ exit</span></div>
<svg id="price" viewBox="0 0 1000 260" preserveAspectRatio="none"></svg>
<h2>Monthly returns [%]</h2><table id="heatmap"></table>
<h2>Statistics</h2><table id="stats"></table>
<script id="report-data" type="application/json">${data}</script>
<script>
(function () {
  var d = JSON.parse(document.getElementById('report-data').textContent);
  var p = d.portfolio_performance, t = p.timestamps.map(function (s) { return Date.parse(s); });
  var NS = 'http://www.w3.org/2000/svg';
  function scale(v, lo, hi, a, b) { return hi === lo ? (a + b) / 2 : a + (v - lo) * (b - a) / (hi - lo); }
  function extent(arrays) {
    var lo = Infinity, hi = -Infinity;
    arrays.forEach(function (a) { a.forEach(function (v) { if (v !== null && isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }); });
    return [lo, hi];
  }
  function line(svg, ys, ext, color, fill) {
    var pts = [];
    ys.forEach(function (v, i) { if (v !== null && isFinite(v)) pts.push(scale(t[i], t[0], t[t.length - 1], 10, 990).toFixed(1) + ',' + scale(v, ext[0], ext[1], 250, 10).toFixed(1)); });
    if (pts.length === 0) return;
    var path = document.createElementNS(NS, 'path');
    var dAttr = 'M' + pts.join('L');
    if (fill) dAttr += 'L990,' + scale(0, ext[0], ext[1], 250, 10).toFixed(1) + 'L10,' + scale(0, ext[0], ext[1], 250, 10).toFixed(1) + 'Z';
    path.setAttribute('d', dAttr);
    path.setAttribute('fill', fill || 'none');
    path.setAttribute('stroke', color);
    path.setAttribute('stroke-width', '1.5');
    path.setAttribute('vector-effect', 'non-scaling-stroke');
    svg.appendChild(path);
  }
  var eq = document.getElementById('equity');
  var bench = p.benchmark_values ? p.benchmark_values.map(function (v) { return v === null ? null : v * p.values[0] / p.benchmark_values[0]; }) : null;
  var e1 = extent(bench ? [p.values, bench] : [p.values]);
  if (bench) line(eq, bench, e1, '#999');
  line(eq, p.values, e1, '#1f77b4');
  var dd = p.drawdowns.map(function (v) { return v * 100; });
  line(document.getElementById('drawdown'), dd, [Math.min.apply(null, dd.concat([-1])), 0], '#d62728', 'rgba(214,39,40,0.25)');
  var pr = document.getElementById('price'), e3 = extent([p.close]);
  line(pr, p.close, e3, '#333');
  var idx = {}; p.timestamps.forEach(function (s, i) { idx[s] = i; });
  d.trades.filter(function (tr) { return tr.symbol === d.symbols[0]; }).forEach(function (tr) {
    [[tr.entry_time, tr.entry_price, '#2ca02c', 'M0,-6L5,4L-5,4Z'], [tr.exit_time, tr.exit_price, '#d62728', 'M0,6L5,-4L-5,-4Z']].forEach(function (m) {
      var i = idx[m[0]]; if (i === undefined) return;
      var g = document.createElementNS(NS, 'path');
      g.setAttribute('class', 'trade-marker');
      g.setAttribute('d', m[3]);
      g.setAttribute('fill', m[2]);
      g.setAttribute('transform', 'translate(' + scale(t[i], t[0], t[t.length - 1], 10, 990).toFixed(1) + ',' + scale(m[1], e3[0], e3[1], 250, 10).toFixed(1) + ')');
      pr.appendChild(g);
    });
  });
  var months = {}, order = [];
  p.values.forEach(function (v, i) {
    var dt = new Date(t[i]), key = dt.getUTCFullYear() + '-' + dt.getUTCMonth();
    if (!months[key]) { months[key] = { y: dt.getUTCFullYear(), m: dt.getUTCMonth(), first: i === 0 ? v : p.values[i - 1], last: v }; order.push(key); }
    months[key].last = v;
  });
  // A month that starts at or below zero equity (after a ruin) has no return: a ratio of debts is not one.
  var years = {}; order.forEach(function (k) { var r = months[k]; (years[r.y] = years[r.y] || {})[r.m] = r.first > 0 ? (r.last / r.first - 1) * 100 : null; });
  var hm = document.getElementById('heatmap'), names = ['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'];
  var head = hm.insertRow(); head.insertCell().textContent = 'Year'; names.forEach(function (n) { head.insertCell().textContent = n; });
  Object.keys(years).forEach(function (y) {
    var row = hm.insertRow(); row.insertCell().textContent = y;
    for (var m = 0; m < 12; m++) {
      var c = row.insertCell(), v = years[y][m];
      if (v === undefined) continue;
      if (v === null) {
        c.textContent = '—';
        c.title = 'equity at or below zero: no return';
        continue;
      }
      c.textContent = v.toFixed(1);
      var a = Math.min(1, Math.abs(v) / 10);
      c.style.background = v >= 0 ? 'rgba(44,160,44,' + a + ')' : 'rgba(214,39,40,' + a + ')';
    }
  });
  var st = document.getElementById('stats');
  Object.keys(d.performance_metrics).forEach(function (k) {
    var row = st.insertRow(), v = d.performance_metrics[k];
    row.insertCell().textContent = k;
    row.insertCell().textContent = v === null ? 'n/a' : typeof v === 'number' ? (Math.abs(v) >= 1000 ? v.toFixed(2) : v.toPrecision(6)) : v;
  });
  document.body.setAttribute('data-rendered', 'true');
})();
</script></body></html>`;
}
