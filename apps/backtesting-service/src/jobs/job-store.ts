import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, extname } from 'node:path';
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

/** Returns the file holding the result bodies of the job database at `path`: `<name>.results<ext>` beside it. */
export function resultsPathOf(path: string): string {
  if (path === ':memory:') return path;
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}.results${ext}`;
}

/**
 * Jobs in an embedded SQLite file (WAL mode) and their result bodies in a second file beside it
 * ({@link resultsPathOf}), attached to the same connection. SQLite locks per file: the workers
 * write result bodies (equity series, trade lists) without ever holding the lock of the jobs file, which only
 * the API thread writes, so accepting a job never waits for a result being stored. (In one file,
 * 2.6 % of job inserts took over 1 ms under `npm run bench:api`, the slowest 10–15 ms.)
 */
export class JobStore {
  private readonly db: Database.Database;
  /** Statements by SQL text: preparing one costs more than running it. */
  private readonly statements = new Map<string, Database.Statement>();

  /**
   * Opens the store at `path`. With `checkpointElsewhere`, this connection never checkpoints the
   * jobs file itself (SQLite would otherwise copy the write-ahead log into the file, up to 4 MB
   * and an fsync, inside one of its commits every thousand pages: on the API thread, inside a
   * request); the worker threads' connections do it with {@link checkpointJobs} after each result.
   */
  constructor(
    readonly path: string,
    options: { readonly checkpointElsewhere?: boolean } = {},
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    if (options.checkpointElsewhere) this.db.pragma('wal_autocheckpoint = 0');
    // The API thread and the workers each hold a connection; a writer waits for another's commit.
    this.db.pragma('busy_timeout = 5000');
    this.db.prepare('ATTACH DATABASE ? AS store').run(resultsPathOf(path));
    this.db.pragma('store.journal_mode = WAL');
    this.db.pragma('store.synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS main.jobs (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, request TEXT NOT NULL,
        progress REAL NOT NULL DEFAULT 0, created_at TEXT NOT NULL, started_at TEXT, completed_at TEXT,
        processing_time_ms REAL, data_points_processed INTEGER, orders_executed INTEGER, trades_completed INTEGER,
        memory_usage_mb REAL, error TEXT);
      CREATE INDEX IF NOT EXISTS main.jobs_status ON jobs(status, created_at);
      CREATE INDEX IF NOT EXISTS main.jobs_created ON jobs(created_at);
      CREATE TABLE IF NOT EXISTS store.results (id TEXT PRIMARY KEY, body TEXT NOT NULL);
    `);
    // Files written before the column existed get it on open; their old jobs keep null.
    const columns = this.db.prepare('PRAGMA main.table_info(jobs)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'hardware_used')) this.db.exec('ALTER TABLE main.jobs ADD COLUMN hardware_used TEXT');
    this.moveOldResults();
    this.keepCounts();
  }

  /**
   * Keeps job counts and summed processing times per status and type in `job_counts`, maintained
   * by triggers in the same transactions as the jobs, so that `/health` and the totals of
   * `GET /backtests` read a handful of rows instead of scanning every job (a scan took 5 ms per
   * call at 22,000 jobs and grows with them). A file from before the table is counted once, on open.
   */
  private keepCounts(): void {
    // What the triggers run: count the new row into its (status, type) cell, or the old row out of its.
    const countNew = `INSERT INTO job_counts (status, type, n, time_ms, timed) VALUES (NEW.status, NEW.type, 1, COALESCE(NEW.processing_time_ms, 0), NEW.processing_time_ms IS NOT NULL)
            ON CONFLICT(status, type) DO UPDATE SET n = n + 1, time_ms = time_ms + excluded.time_ms, timed = timed + excluded.timed;`;
    const uncountOld = `UPDATE job_counts SET n = n - 1, time_ms = time_ms - COALESCE(OLD.processing_time_ms, 0), timed = timed - (OLD.processing_time_ms IS NOT NULL)
            WHERE status = OLD.status AND type = OLD.type;`;
    this.db.transaction(() => {
      const exists = this.db.prepare(`SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'job_counts'`).get();
      if (exists) return;
      this.db.exec(`
        CREATE TABLE main.job_counts (status TEXT NOT NULL, type TEXT NOT NULL, n INTEGER NOT NULL, time_ms REAL NOT NULL, timed INTEGER NOT NULL, PRIMARY KEY (status, type));
        INSERT INTO main.job_counts (status, type, n, time_ms, timed)
          SELECT status, type, COUNT(*), COALESCE(SUM(processing_time_ms), 0), COUNT(processing_time_ms) FROM main.jobs GROUP BY status, type;
        CREATE TRIGGER main.job_counts_insert AFTER INSERT ON jobs BEGIN
          ${countNew}
        END;
        CREATE TRIGGER main.job_counts_update AFTER UPDATE OF status, type, processing_time_ms ON jobs
          WHEN OLD.status IS NOT NEW.status OR OLD.type IS NOT NEW.type OR OLD.processing_time_ms IS NOT NEW.processing_time_ms BEGIN
          ${uncountOld}
          ${countNew}
        END;
        CREATE TRIGGER main.job_counts_delete AFTER DELETE ON jobs BEGIN
          ${uncountOld}
        END;
      `);
    }).immediate();
  }

  /** Moves results kept in the jobs file by earlier versions into the results file; repeating it after a crash is harmless. */
  private moveOldResults(): void {
    const old = this.db.prepare(`SELECT name FROM main.sqlite_master WHERE type = 'table' AND name = 'results'`).get();
    if (!old) return;
    this.db.exec('INSERT OR IGNORE INTO store.results (id, body) SELECT id, body FROM main.results; DROP TABLE main.results;');
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
    this.statement('INSERT OR REPLACE INTO store.results (id, body) VALUES (?, ?)').run(id, resultJson);
  }

  /**
   * Copies what it can of the jobs file's write-ahead log into the file without waiting for other
   * connections (a passive checkpoint); returns the log's frames and how many are now copied.
   */
  checkpointJobs(): { walFrames: number; checkpointed: number } {
    const [row] = this.db.pragma('main.wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    return { walFrames: row.log, checkpointed: row.checkpointed };
  }

  /** Stores the result and the job's final fields atomically: readers see both or neither. */
  complete(id: string, resultJson: string, patch: Partial<Omit<JobRecord, 'id'>>): void {
    this.db.transaction(() => {
      this.statement('INSERT OR REPLACE INTO store.results (id, body) VALUES (?, ?)').run(id, resultJson);
      this.update(id, patch);
    })();
  }

  get(id: string): JobRecord | undefined {
    const row = this.statement('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  result(id: string): unknown {
    const row = this.statement('SELECT body FROM store.results WHERE id = ?').get(id) as { body: string } | undefined;
    return row ? JSON.parse(row.body) : undefined;
  }

  /** Returns a page of jobs, newest first, optionally of one status, leaving out jobs of `excludeType`. */
  list(status: JobStatus | undefined, limit: number, offset: number, excludeType = ''): { items: JobRecord[]; total: number } {
    const where = status ? 'WHERE status = ? AND type != ?' : 'WHERE type != ?';
    const args = status ? [status, excludeType] : [excludeType];
    const rows = this.statement(`SELECT * FROM jobs ${where} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`).all(...args, limit, offset) as Row[];
    const { n } = this.statement(`SELECT COALESCE(SUM(n), 0) AS n FROM job_counts ${where}`).get(...args) as { n: number };
    return { items: rows.map(toRecord), total: n };
  }

  countByStatus(): Record<string, number> {
    const rows = this.statement('SELECT status, SUM(n) AS n FROM job_counts GROUP BY status HAVING SUM(n) > 0').all() as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Returns the mean processing time of completed jobs in ms, or null without any. */
  meanProcessingTimeMs(): number | null {
    const { time, timed } = this.statement(`SELECT SUM(time_ms) AS time, SUM(timed) AS timed FROM job_counts WHERE status = 'completed'`).get() as { time: number | null; timed: number | null };
    return timed ? (time as number) / timed : null;
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
