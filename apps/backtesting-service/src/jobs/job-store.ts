import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { JobRecord, JobStatus } from './job-record';

interface Row {
  id: string;
  name: string;
  type: string;
  status: JobStatus;
  request: string;
  progress: number;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  processing_time_ms: number | null;
  data_points_processed: number | null;
  orders_executed: number | null;
  trades_completed: number | null;
  memory_usage_mb: number | null;
  hardware_used: string | null;
  error: string | null;
}

const COLUMNS: Record<keyof Omit<JobRecord, 'id'>, keyof Row> = {
  name: 'name',
  type: 'type',
  status: 'status',
  request: 'request',
  progress: 'progress',
  createdAt: 'created_at',
  startedAt: 'started_at',
  completedAt: 'completed_at',
  processingTimeMs: 'processing_time_ms',
  dataPointsProcessed: 'data_points_processed',
  ordersExecuted: 'orders_executed',
  tradesCompleted: 'trades_completed',
  memoryUsageMb: 'memory_usage_mb',
  hardwareUsed: 'hardware_used',
  error: 'error',
};

function toRecord(r: Row): JobRecord {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    status: r.status,
    request: r.request,
    progress: r.progress,
    createdAt: r.created_at,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    processingTimeMs: r.processing_time_ms,
    dataPointsProcessed: r.data_points_processed,
    ordersExecuted: r.orders_executed,
    tradesCompleted: r.trades_completed,
    memoryUsageMb: r.memory_usage_mb,
    hardwareUsed: r.hardware_used,
    error: r.error,
  };
}

/** Jobs and their results in an embedded SQLite file (WAL mode); a result is written with its job's final state in one transaction. */
export class JobStore {
  private readonly db: Database.Database;
  /** Statements by SQL text: preparing one costs more than running it. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // The API thread and the workers each hold a connection; a writer waits for another's commit.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS jobs (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, request TEXT NOT NULL,
        progress REAL NOT NULL DEFAULT 0, created_at TEXT NOT NULL, started_at TEXT, completed_at TEXT,
        processing_time_ms REAL, data_points_processed INTEGER, orders_executed INTEGER, trades_completed INTEGER,
        memory_usage_mb REAL, error TEXT);
      CREATE INDEX IF NOT EXISTS jobs_status ON jobs(status, created_at);
      CREATE TABLE IF NOT EXISTS results (id TEXT PRIMARY KEY REFERENCES jobs(id), body TEXT NOT NULL);
    `);
    // Files written before the column existed get it on open; their old jobs keep null.
    const columns = this.db.prepare('PRAGMA table_info(jobs)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'hardware_used')) this.db.exec('ALTER TABLE jobs ADD COLUMN hardware_used TEXT');
  }

  private statement(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  insert(job: JobRecord): void {
    this.statement(`INSERT INTO jobs (id, name, type, status, request, progress, created_at) VALUES (@id, @name, @type, @status, @request, @progress, @createdAt)`).run(job);
  }

  /** Writes the given fields of job `id`. */
  update(id: string, patch: Partial<Omit<JobRecord, 'id'>>): void {
    this.updateWhere(id, patch, '');
  }

  /** Writes the given fields of job `id` only while it is running; returns whether it was. */
  updateIfRunning(id: string, patch: Partial<Omit<JobRecord, 'id'>>): boolean {
    return this.updateWhere(id, patch, ` AND status = 'running'`);
  }

  private updateWhere(id: string, patch: Partial<Omit<JobRecord, 'id'>>, condition: string): boolean {
    const keys = Object.keys(patch) as (keyof typeof COLUMNS)[];
    if (keys.length === 0) return false;
    const sql = `UPDATE jobs SET ${keys.map((k) => `${COLUMNS[k]} = @${k}`).join(', ')} WHERE id = @id${condition}`;
    return this.statement(sql).run({ ...patch, id }).changes > 0;
  }

  /** Stores a result body; its job becomes completed by a separate, later update. */
  saveResult(id: string, resultJson: string): void {
    this.statement('INSERT OR REPLACE INTO results (id, body) VALUES (?, ?)').run(id, resultJson);
  }

  /** Stores the result and the job's final fields atomically: readers see both or neither. */
  complete(id: string, resultJson: string, patch: Partial<Omit<JobRecord, 'id'>>): void {
    this.db.transaction(() => {
      this.statement('INSERT OR REPLACE INTO results (id, body) VALUES (?, ?)').run(id, resultJson);
      this.update(id, patch);
    })();
  }

  get(id: string): JobRecord | undefined {
    const row = this.statement('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  result(id: string): unknown {
    const row = this.statement('SELECT body FROM results WHERE id = ?').get(id) as { body: string } | undefined;
    return row ? JSON.parse(row.body) : undefined;
  }

  /** Returns a page of jobs, newest first, optionally of one status, leaving out jobs of `excludeType`. */
  list(status: JobStatus | undefined, limit: number, offset: number, excludeType = ''): { items: JobRecord[]; total: number } {
    const where = status ? 'WHERE status = ? AND type != ?' : 'WHERE type != ?';
    const args = status ? [status, excludeType] : [excludeType];
    const rows = this.db.prepare(`SELECT * FROM jobs ${where} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`).all(...args, limit, offset) as Row[];
    const { n } = this.db.prepare(`SELECT COUNT(*) AS n FROM jobs ${where}`).get(...args) as { n: number };
    return { items: rows.map(toRecord), total: n };
  }

  countByStatus(): Record<string, number> {
    const rows = this.db.prepare('SELECT status, COUNT(*) AS n FROM jobs GROUP BY status').all() as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Returns the mean processing time of completed jobs in ms, or null without any. */
  meanProcessingTimeMs(): number | null {
    const { m } = this.db.prepare(`SELECT AVG(processing_time_ms) AS m FROM jobs WHERE status = 'completed'`).get() as { m: number | null };
    return m;
  }

  /**
   * Run at start: marks jobs left running by a stopped process as failed_interrupted and returns
   * the jobs still queued, to be run again (they were accepted, so they must not be lost).
   */
  recover(now: string): { interrupted: number; queued: JobRecord[] } {
    const interrupted = this.db
      .prepare(`UPDATE jobs SET status = 'failed_interrupted', completed_at = ?, error = 'the service stopped while this job was running' WHERE status = 'running'`)
      .run(now).changes;
    const queued = (this.db.prepare(`SELECT * FROM jobs WHERE status = 'queued' ORDER BY created_at, rowid`).all() as Row[]).map(toRecord);
    return { interrupted, queued };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
