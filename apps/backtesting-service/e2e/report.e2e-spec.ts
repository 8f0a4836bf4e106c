import { renderReportHtml } from '@nautilus/analytics';
import { INestApplication } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import request from 'supertest';
import { createTestApp, validBody } from './test-app';

jest.setTimeout(90_000);

const CHROMIUM = '/usr/bin/chromium';

describe('HTML report in headless Chromium', () => {
  let app: INestApplication;
  let base: string;
  let id: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's package with 'apt-get install -y chromium' (.ci/run does)`);
    app = await createTestApp();
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    id = (await request(app.getHttpServer()).post('/backtests').send(validBody({ benchmark_symbol: 'GOOG' })).expect(202)).body.execution_id;
    for (let i = 0; i < 500; i++) {
      const s = (await request(app.getHttpServer()).get(`/backtests/${id}`)).body.status;
      if (s === 'completed') break;
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is self-contained, loads without console errors and draws its charts', async () => {
    const html = await request(app.getHttpServer()).get(`/backtests/${id}/report`).expect(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).not.toMatch(/<script[^>]+src=|<link[^>]+href="(?!data:)/);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${base}/backtests/${id}/report`, { waitUntil: 'load' });
      await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
      expect(problems).toEqual([]);
      expect(requests).toEqual([`${base}/backtests/${id}/report`]);

      const drawn = await page.evaluate(() => ({
        equityPaths: document.querySelectorAll('#equity path').length,
        equityPoints: (document.querySelector('#equity path:last-child')?.getAttribute('d') ?? '').split('L').length,
        drawdownPaths: document.querySelectorAll('#drawdown path').length,
        markers: document.querySelectorAll('#price .trade-marker').length,
        heatmapRows: document.querySelectorAll('#heatmap tr').length,
        statsRows: document.querySelectorAll('#stats tr').length,
        equityBox: (document.querySelector('#equity path:last-child') as SVGGraphicsElement | null)?.getBBox().width ?? 0,
      }));
      // Equity and benchmark lines, one point per bar; drawdown area; 65 trades × (entry + exit).
      expect(drawn.equityPaths).toBe(2);
      expect(drawn.equityPoints).toBe(2148);
      expect(drawn.equityBox).toBeGreaterThan(900);
      expect(drawn.drawdownPaths).toBe(1);
      expect(drawn.markers).toBe(130);
      // Header row plus 2004…2013.
      expect(drawn.heatmapRows).toBe(11);
      expect(drawn.statsRows).toBeGreaterThan(30);
    } finally {
      await browser.close();
    }
  });

  it('shows no monthly return for months that start after a ruin', async () => {
    // Equity 100 → 80 in January (−20 %), 80 → −10 in February ((−10/80 − 1) = −112.5 %: the
    // account lost more than it had), then March starts at −10: a ratio of debts, not a return.
    const html = renderReportHtml({
      title: 'ruined',
      result: {
        symbols: ['X'],
        performance_metrics: {},
        portfolio_performance: {
          timestamps: ['2020-01-02', '2020-01-31', '2020-02-03', '2020-02-27', '2020-03-02', '2020-03-31'].map((d) => `${d}T00:00:00.000Z`),
          values: [100, 80, 50, -10, -15, -20],
          drawdowns: [0, -0.2, -0.5, -1.1, -1.15, -1.2],
          close: [10, 8, 5, 1, 0.5, 0.2],
          benchmark_values: null,
        },
        trades: [],
      },
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.setContent(html, { waitUntil: 'load' });
      await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
      const cells = await page.evaluate(() => Array.from(document.querySelectorAll('#heatmap tr:nth-child(2) td')).map((c) => c.textContent));
      expect(problems).toEqual([]);
      expect(cells.slice(0, 4)).toEqual(['2020', '-20.0', '-112.5', '—']);
    } finally {
      await browser.close();
    }
  });
});
