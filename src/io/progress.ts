// A one-line progress display for long reads: pass update as openTable's onProgress. On a terminal the line is
// redrawn in place (at most every minIntervalMs); on a pipe, file or CI log nothing is written, so output that
// is kept stays clean.
import { optionsObject } from '../errors.js';
import type { ProgressInfo } from './types.js';

/** The part of a stream the display needs (process.stderr is one). */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Default process.stderr. */
  stream?: ProgressStream;
  /** Shown before the counts, e.g. the file name. */
  label?: string;
  /** Least time between redraws (default 100 ms, i.e. ~10 redraws/s). */
  minIntervalMs?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

export interface Progress {
  update(p: ProgressInfo): void;
  /** Draw the final counts and end the line (nothing on a non-TTY). */
  done(): void;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = String(t % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The text of one progress line. */
export function progressLine(label: string | undefined, p: ProgressInfo, elapsedMs: number, final: boolean): string {
  const secs = elapsedMs / 1000;
  const parts = [`${int(p.rows)} rows`];
  if (secs > 0) parts.push(`${int(p.rows / secs)} rows/s`);
  if (p.totalBytes !== undefined && p.totalBytes > 0) {
    const frac = Math.min(1, p.bytes / p.totalBytes);
    parts.push(`${(frac * 100).toFixed(1)}%`);
    if (final) parts.push(`in ${duration(secs)}`);
    else if (frac > 0 && secs > 0) parts.push(`ETA ${duration((secs * (1 - frac)) / frac)}`);
  } else if (final) {
    parts.push(`in ${duration(secs)}`);
  }
  return (label ? `${label}: ` : '') + parts.join('  ');
}

export function createProgress(options: ProgressOptions = {}): Progress {
  optionsObject('createProgress', options);
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const now = options.now ?? (() => performance.now());
  const interval = options.minIntervalMs ?? 100;
  const start = now();
  let last = -Infinity;
  let latest: ProgressInfo = { rows: 0, bytes: 0 };
  let drawn = false;
  let finished = false;

  const draw = (final: boolean) => {
    let line = progressLine(options.label, latest, now() - start, final);
    const width = stream.columns;
    if (width !== undefined && width > 1 && line.length >= width) line = line.slice(0, width - 1);
    // \r back to the line start, \x1b[K clears what a longer previous line left
    stream.write(`\r${line}\x1b[K`);
    drawn = true;
  };

  return {
    update(p: ProgressInfo) {
      latest = p;
      if (!tty || finished) return;
      const t = now();
      if (t - last < interval) return;
      last = t;
      draw(false);
    },
    done() {
      if (!tty || finished) return;
      finished = true;
      if (drawn || latest.rows > 0) { draw(true); stream.write('\n'); }
    },
  };
}
