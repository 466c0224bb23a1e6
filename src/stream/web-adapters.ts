// WHATWG Streams adapter for the streaming monitor (browser-safe; WritableStream is a global in browsers and
// Node >= 18). Closed windows are delivered by the monitor itself (monitor.on('window') or its async iterator).
import { fail, optionsObject } from '../errors.js';
import type { Batch, Monitor } from './monitor.js';

export interface MonitorStreamOptions {
  /** Single row objects are buffered and observed in batches of this many rows (default 1,000). */
  batchRows?: number;
  /** On the end of the stream, flush() the open window (default true). */
  flushOnEnd?: boolean;
  /** On the end of the stream, close() the monitor (default false). */
  closeOnEnd?: boolean;
}

const isColumn = (v: unknown): boolean =>
  Array.isArray(v) || ArrayBuffer.isView(v) || (v !== null && typeof v === 'object' && 'codes' in (v as object) && 'dictionary' in (v as object));

/**
 * Feeds chunks to a monitor: a chunk is a batch (an object of columns or an array of row objects) or a single
 * row object (an object whose values are not columns), which is buffered. Shared by the Node and Web adapters.
 */
export function monitorSink(monitor: Monitor, options: MonitorStreamOptions = {}): { write(chunk: unknown): void; end(): void } {
  optionsObject('monitorSink', options);
  const batchRows = options.batchRows ?? 1000;
  if (!Number.isSafeInteger(batchRows) || batchRows < 1) fail('monitorSink', 'batchRows', `must be a positive integer; got ${JSON.stringify(batchRows)}`);
  let rows: Record<string, unknown>[] = [];
  const drain = () => { if (rows.length > 0) { const b = rows; rows = []; monitor.observe(b); } };
  return {
    write(chunk: unknown): void {
      if (chunk === null || typeof chunk !== 'object') fail('monitorSink', 'chunk', `must be a batch or a row object; got ${chunk === null ? 'null' : typeof chunk}`);
      if (!Array.isArray(chunk) && !Object.values(chunk as object).some(isColumn)) {
        rows.push(chunk as Record<string, unknown>);
        if (rows.length >= batchRows) drain();
        return;
      }
      drain();
      monitor.observe(chunk as Batch);
    },
    end(): void {
      drain();
      if (options.flushOnEnd !== false && !monitor.closed) monitor.flush();
      if (options.closeOnEnd) monitor.close();
    },
  };
}

/** A WritableStream that observes every chunk written to it (see monitorSink for what a chunk may be). */
export function monitorWritableStream(monitor: Monitor, options: MonitorStreamOptions = {}): WritableStream<unknown> {
  optionsObject('monitorWritableStream', options);
  const sink = monitorSink(monitor, options);
  return new WritableStream<unknown>({
    write(chunk) { sink.write(chunk); },
    close() { sink.end(); },
  });
}
