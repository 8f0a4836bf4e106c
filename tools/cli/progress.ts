/** Returns a duration as m:ss or h:mm:ss, or --:-- when unknown. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--:--';
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * Returns the progress line of a sweep: a bar, done/total, the percentage and the time left,
 * estimated as the mean time per item so far × the items left (unknown before the first one);
 * once done, the time it took.
 */
export function formatProgress(done: number, total: number, elapsedMs: number, width = 30): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const left = done > 0 ? (elapsedMs / done) * (total - done) : NaN;
  const time = done >= total ? `took ${formatDuration(elapsedMs)}` : `ETA ${formatDuration(left)}`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${String(Math.floor(fraction * 100)).padStart(3)}%  ${time}`;
}

/** Where a progress bar draws. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** A progress bar: `update` as work advances, `finish` once it is done. */
export interface ProgressBar {
  update(done: number, total: number): void;
  finish(): void;
}

const REDRAW_MS = 100;

/**
 * Returns a progress bar drawn in place on `stream` (stderr, so that stdout stays machine-readable),
 * redrawn at most every 100 ms; `finish` ends its line. It draws nothing when the stream is not a
 * terminal, where carriage returns would only litter a log.
 */
export function progressBar(stream: ProgressStream, label: string, now: () => number = Date.now): ProgressBar {
  const start = now();
  let drawnAt = -Infinity;
  let drawn = false;
  if (!stream.isTTY) return { update: () => undefined, finish: () => undefined };
  return {
    update: (done, total) => {
      const t = now();
      if (t - drawnAt < REDRAW_MS && done < total) return;
      drawnAt = t;
      drawn = true;
      stream.write(`\r${label} ${formatProgress(done, total, t - start)}`);
    },
    finish: () => {
      if (drawn) stream.write('\n');
    },
  };
}
