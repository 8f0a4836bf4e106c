import Database from 'better-sqlite3';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobRecord, newJobRecord } from './job-record';
import { JobStore, resultsPathOf } from './job-store';

function job(id: string): JobRecord {
  return { ...newJobRecord('n', 'strategy_validation', {}), id };
}

const tempPath = () => join(mkdtempSync(join(tmpdir(), 'nautilus-store-')), 'jobs.sqlite');

describe('JobStore', () => {
  it('keeps result bodies in a second file beside the jobs file', () => {
    const path = tempPath();
    expect(resultsPathOf(path)).toBe(path.replace(/jobs\.sqlite$/, 'jobs.results.sqlite'));
    const store = new JobStore(path);
    store.insert(job('a'));
    store.saveResult('a', JSON.stringify({ x: 1 }));
    store.close();
    const raw = new Database(resultsPathOf(path), { readonly: true });
    expect(raw.prepare('SELECT body FROM results WHERE id = ?').get('a')).toEqual({ body: '{"x":1}' });
    raw.close();
    const reopened = new JobStore(path);
    expect(reopened.result('a')).toEqual({ x: 1 });
    reopened.close();
  });

  it('accepts a job at once while another connection holds the results file locked', () => {
    const path = tempPath();
    const store = new JobStore(path);
    // A worker in the middle of writing a large result: its write transaction is open.
    const worker = new Database(resultsPathOf(path));
    worker.pragma('busy_timeout = 5000');
    worker.exec('BEGIN IMMEDIATE');
    worker.prepare('INSERT INTO results (id, body) VALUES (?, ?)').run('w', JSON.stringify({ pad: 'x'.repeat(1_000_000) }));
    const t0 = Date.now();
    store.insert(job('b'));
    // With both tables in one file this insert waited for the busy timeout (5 s) and then failed.
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(store.get('b')?.status).toBe('queued');
    worker.exec('COMMIT');
    worker.close();
    expect((store.result('w') as { pad: string }).pad).toHaveLength(1_000_000);
    store.close();
  });

  it('moves the results an earlier version kept in the jobs file, and keeps them across reopening', () => {
    const path = tempPath();
    const old = new Database(path);
    old.exec(`CREATE TABLE jobs (id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, request TEXT NOT NULL,
      progress REAL NOT NULL DEFAULT 0, created_at TEXT NOT NULL, started_at TEXT, completed_at TEXT, processing_time_ms REAL,
      data_points_processed INTEGER, orders_executed INTEGER, trades_completed INTEGER, memory_usage_mb REAL, error TEXT);
      CREATE TABLE results (id TEXT PRIMARY KEY REFERENCES jobs(id), body TEXT NOT NULL);
      INSERT INTO jobs (id, name, type, status, request, created_at) VALUES ('old', 'n', 'strategy_validation', 'completed', '{}', '1970-01-01T00:00:00.000Z');
      INSERT INTO results (id, body) VALUES ('old', '{"kept":true}');`);
    old.close();
    expect(existsSync(resultsPathOf(path))).toBe(false);
    const store = new JobStore(path);
    expect(store.result('old')).toEqual({ kept: true });
    expect(store.get('old')?.status).toBe('completed');
    store.close();
    const again = new JobStore(path);
    expect(again.result('old')).toEqual({ kept: true });
    again.close();
  });

  it('with checkpointElsewhere never checkpoints the jobs file itself; another connection does it', () => {
    const path = tempPath();
    const api = new JobStore(path, { checkpointElsewhere: true });
    for (let i = 0; i < 1_500; i++) api.insert({ ...job(`j${i}`), request: 'r'.repeat(2_000) });
    const worker = new JobStore(path);
    const { walFrames, checkpointed } = worker.checkpointJobs();
    // SQLite's automatic checkpoint would have reset the log after 1,000 pages.
    expect(walFrames).toBeGreaterThan(1_000);
    expect(checkpointed).toBe(walFrames);
    expect(api.get('j1499')?.request).toHaveLength(2_000);
    worker.close();
    api.close();
  });

  it('keeps per-status counts and the mean processing time equal to a scan of the jobs, through every kind of change', () => {
    const path = tempPath();
    const store = new JobStore(path);
    const statuses = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 300; i++) {
      store.insert({ ...job(`k${i}`), type: i % 3 === 0 ? 'parameter_optimization' : 'strategy_validation' });
      const status = statuses[Math.floor(rand() * statuses.length)];
      store.update(`k${i}`, status === 'completed' ? { status, processingTimeMs: Math.round(rand() * 1000) / 10 } : { status });
      if (rand() < 0.2) store.update(`k${i}`, { progress: 0.5 });
    }
    store.recover(new Date(0).toISOString());
    const raw = new Database(path, { readonly: true });
    const scan = Object.fromEntries((raw.prepare('SELECT status, COUNT(*) AS n FROM jobs GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
    const { avg } = raw.prepare(`SELECT AVG(processing_time_ms) AS avg FROM jobs WHERE status = 'completed'`).get() as { avg: number };
    raw.close();
    expect(store.countByStatus()).toEqual(scan);
    // recover() turned the running ones into failed_interrupted, through the same triggers.
    expect(scan.running).toBeUndefined();
    expect(scan.failed_interrupted).toBeGreaterThan(0);
    expect(store.meanProcessingTimeMs()).toBeCloseTo(avg, 9);
    // The totals of GET /backtests come from the same counts: every job but one type, with or without a status.
    const listed = new Database(path, { readonly: true });
    const count = (sql: string, ...args: string[]) => (listed.prepare(sql).get(...args) as { n: number }).n;
    expect(store.list(undefined, 5, 0, 'parameter_optimization').total).toBe(count(`SELECT COUNT(*) AS n FROM jobs WHERE type != ?`, 'parameter_optimization'));
    expect(store.list('completed', 5, 0, 'parameter_optimization').total).toBe(count(`SELECT COUNT(*) AS n FROM jobs WHERE status = ? AND type != ?`, 'completed', 'parameter_optimization'));
    expect(store.list('completed', 5, 0, 'parameter_optimization').items.every((j) => j.status === 'completed' && j.type !== 'parameter_optimization')).toBe(true);
    listed.close();
    store.close();
  });

  it('counts the jobs of a file written before the counts existed when it is opened', () => {
    const path = tempPath();
    const first = new JobStore(path);
    first.insert(job('x'));
    first.update('x', { status: 'completed', processingTimeMs: 12 });
    first.insert(job('y'));
    first.close();
    const raw = new Database(path);
    raw.exec('DROP TRIGGER job_counts_insert; DROP TRIGGER job_counts_update; DROP TRIGGER job_counts_delete; DROP TABLE job_counts;');
    raw.close();
    const reopened = new JobStore(path);
    expect(reopened.countByStatus()).toEqual({ completed: 1, queued: 1 });
    expect(reopened.meanProcessingTimeMs()).toBe(12);
    reopened.close();
  });

  it('reports no mean before any job completed', () => {
    const store = new JobStore(tempPath());
    store.insert(job('q'));
    expect(store.countByStatus()).toEqual({ queued: 1 });
    expect(store.meanProcessingTimeMs()).toBeNull();
    store.close();
  });
});
