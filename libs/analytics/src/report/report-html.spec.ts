import { renderReportHtml, ReportInput } from './report-html';

const input: ReportInput = {
  title: 'SMA <10/30> & "more"',
  result: {
    symbols: ['GOOG'],
    performance_metrics: { total_return_pct: 12.5, note: '</script><script>alert(1)</script>' },
    portfolio_performance: {
      timestamps: ['2020-01-02T00:00:00.000Z', '2020-01-03T00:00:00.000Z'],
      values: [10_000, 10_100],
      drawdowns: [0, 0],
      close: [100, 101],
      benchmark_values: null,
    },
    trades: [],
  },
};

describe('renderReportHtml', () => {
  const html = renderReportHtml(input);

  it('is one self-contained document with the run embedded as JSON', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="(?!data:)/);
    const json = /<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect(JSON.parse(json)).toEqual(input.result);
  });

  it('escapes the title and keeps embedded values from closing the script element', () => {
    expect(html).toContain('<title>SMA &#60;10/30&#62; &#38; &#34;more&#34;</title>');
    expect(html).not.toContain('</script><script>alert(1)');
  });
});
