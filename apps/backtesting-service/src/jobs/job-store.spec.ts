import Database from 'better-sqlite3';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobRecord } from './job-record';
import { JobStore, resultsPathOf } from './job-store';

function job(id: string): JobRecord {
  return {
    id,
    name: 'n',
    type: 'strategy_validation',
    status: 'queued',
    request: '{}',
    progress: 0,
    createdAt: new Date(0).toISOString(),
    startedAt: null,
    completedAt: null,
    processingTimeMs: null,
    dataPointsProcessed: null,
    ordersExecuted: null,
    tradesCompleted: null,
    memoryUsageMb: null,
    hardwareUsed: null,
    error: null,
  };
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
});
