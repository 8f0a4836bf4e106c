/**
 * Load test of the service: starts it as a child process (temporary SQLite file), sends
 * POST /backtests at a fixed rate for a fixed time while polling every accepted job, waits for
 * all of them to finish, and prints acceptance latency percentiles beside the GET /health latency
 * measured in the same run, plus completed / failed / lost counts. First, as the floor of what a
 * client on this machine can see, the same schedule of POSTs runs against a bare `node:http`
 * server in a child process that reads each body and answers 202 at once: alone, then beside a
 * spinning thread as busy as the service's job worker.
 * Run: `npx tsx tools/bench/api/api.bench.ts` (env RATE, BENCH_SECONDS, WARMUP_SECONDS, MAX_CONCURRENT).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const RATE = Number(process.env.RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.WARMUP_SECONDS ?? 3);
let PORT = 18_000 + Math.floor(Math.random() * 1000);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: { status: string; execution_id: string }; ms: number }> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: PORT, method, path, agent, headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, ms: performance.now() - t0 });
      });
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

/** Sends `count` POSTs at RATE per second, each `body`, and returns their latencies and the non-202 count. */
async function postAtRate(count: number, body: unknown, onSent: (k: number) => void = () => undefined): Promise<{ ms: number[]; ids: string[]; rejected: number }> {
  const ms: number[] = [];
  const ids: string[] = [];
  let rejected = 0;
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  for (let k = 0; k < count; k++) {
    const wait = t0 + (k * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      call('POST', '/backtests', body).then((r) => {
        ms.push(r.ms);
        if (r.status === 202) ids.push(r.body.execution_id);
        else rejected++;
      }),
    );
    onSent(k);
  }
  await Promise.all(pending);
  return { ms, ids, rejected };
}

/**
 * The floor: the same POSTs against a bare HTTP server that answers 202 without doing anything.
 * With `busy`, a thread of the same process spins at the job workers' priority (nice 10) the whole
 * time, as a job worker does under this load, so the client and server compete for the cores as
 * they do with the service.
 */
async function bareServerLatency(body: unknown, busy: boolean): Promise<number[]> {
  const spin = busy ? `new (require('node:worker_threads').Worker)("require('node:os').setPriority(0, 10); for (;;);", { eval: true });` : '';
  const server = `${spin} require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { const b = '{"execution_id":"x","status":"queued"}'; s.writeHead(202, { 'content-type': 'application/json', 'content-length': b.length }); s.end(b); }); }).listen(${PORT}, '127.0.0.1', () => process.send('up'));`;
  const child = spawn(process.execPath, ['-e', server], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    await new Promise((r) => child.once('message', r));
    return (await postAtRate(RATE * Math.min(SECONDS, 10), body)).ms;
  } finally {
    child.kill();
    PORT += 1;
  }
}

async function main(): Promise<void> {
  const body = {
    backtest_name: 'bench', backtest_type: 'strategy_validation', start_date: '2012-01-01', end_date: '2012-12-31',
    symbols: ['GOOG'], strategy_id: 'sma_crossover', strategy_parameters: { fast: 10, slow: 30 },
  };
  const floor = await bareServerLatency(body, false);
  const busyFloor = await bareServerLatency(body, true);
  const db = join(mkdtempSync(join(tmpdir(), 'nautilus-bench-')), 'jobs.sqlite');
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, BACKTESTING_PORT: String(PORT), BACKTESTING_HOST: '127.0.0.1', BACKTESTING_DB_PATH: db, ...(process.env.MAX_CONCURRENT ? { BACKTESTING_MAX_CONCURRENT: process.env.MAX_CONCURRENT } : {}) },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await call('GET', '/health')).status === 200) break;
      } catch {
        if (i > 300) throw new Error('service did not start');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // A warm-up of the same load, not timed: the first second of a fresh process pays for JIT
    // compilation and the workers' start, which a running service has behind it.
    const started = performance.now();
    const warm = await postAtRate(RATE * WARMUP_SECONDS, body);
    const health: Promise<number>[] = [];
    const t0 = performance.now();
    const { ms: accept, ids, rejected } = await postAtRate(RATE * SECONDS, body, (k) => {
      if (k % RATE === 0) health.push(call('GET', '/health').then((r) => r.ms));
    });
    const healthMs = await Promise.all(health);
    const sendS = (performance.now() - t0) / 1000;
    // The service's own timing of the same POSTs (parsed request to written response): the rest of a
    // client's latency is the network stack, scheduling and the client itself.
    const metrics = (await call('GET', '/metrics')).body as unknown as { http_latency_by_route: Record<string, { count: number; p50_ms: number; p99_ms: number; max_ms: number }> };
    const inside = metrics.http_latency_by_route['POST /backtests'];
    // Poll every accepted job until it is terminal (or 10 minutes pass): nothing accepted may be lost.
    const status = new Map<string, string>();
    const deadline = performance.now() + 600_000;
    let open = [...warm.ids, ...ids];
    while (open.length > 0 && performance.now() < deadline) {
      const next: string[] = [];
      for (let i = 0; i < open.length; i += 64) {
        const batch = open.slice(i, i + 64);
        const res = await Promise.all(batch.map((id) => call('GET', `/backtests/${id}`)));
        res.forEach((r, j) => {
          const s = r.status === 200 ? r.body.status : 'missing';
          status.set(batch[j], s);
          if (s === 'queued' || s === 'running') next.push(batch[j]);
        });
      }
      open = next;
      if (open.length) await new Promise((r) => setTimeout(r, 500));
    }
    const doneS = (performance.now() - started) / 1000;
    const count = (s: string) => [...status.values()].filter((v) => v === s).length;
    console.log(`POST /backtests at ${RATE}/s for ${SECONDS} s (sent in ${sendS.toFixed(1)} s), MAX_CONCURRENT=${process.env.MAX_CONCURRENT ?? 'default (CPUs − 1)'}, node ${process.version}`);
    console.log(`${'request'.padEnd(24)} ${'n'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
    for (const [name, xs] of [['POST /backtests (202)', accept], ['GET /health', healthMs], ['baseline: bare server', floor], ['  + a busy thread', busyFloor]] as const) {
      console.log(`${name.padEnd(24)} ${String(xs.length).padStart(6)} ${pct(xs, 50).toFixed(2).padStart(8)} ${pct(xs, 99).toFixed(2).padStart(8)} ${Math.max(...xs).toFixed(2).padStart(8)}`);
    }
    console.log(`${'  in-service (+ warm-up)'.padEnd(24)} ${String(inside.count).padStart(6)} ${inside.p50_ms.toFixed(2).padStart(8)} ${inside.p99_ms.toFixed(2).padStart(8)} ${inside.max_ms.toFixed(2).padStart(8)}`);
    console.log(`accepted ${ids.length} (+ ${warm.ids.length} in the warm-up), rejected ${rejected + warm.rejected}; completed ${count('completed')}, failed ${count('failed')}, still open ${open.length}, lost ${count('missing')}; all done ${doneS.toFixed(1)} s after the first (${(count('completed') / doneS).toFixed(0)} jobs/s)`);
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    agent.destroy();
  }
}

void main();
