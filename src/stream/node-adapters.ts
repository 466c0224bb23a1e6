// Node stream adapter for the streaming monitor (Node only: imports node:stream).
import { optionsObject } from '../errors.js';
import { Writable } from 'node:stream';
import type { Monitor } from './monitor.js';
import { monitorSink, type MonitorStreamOptions } from './web-adapters.js';

export type { MonitorStreamOptions } from './web-adapters.js';

/**
 * An object-mode Writable that observes every chunk (a batch of columns, an array of row objects, or a single
 * row object, buffered into batches of `batchRows`). On finish it flushes the open window (flushOnEnd).
 * Errors from observe() (e.g. a bad batch) fail the stream.
 */
export function monitorWritable(monitor: Monitor, options: MonitorStreamOptions = {}): Writable {
  optionsObject('monitorWritable', options);
  const sink = monitorSink(monitor, options);
  return new Writable({
    objectMode: true,
    write(chunk: unknown, _enc, cb) {
      try { sink.write(chunk); cb(); } catch (e) { cb(e as Error); }
    },
    final(cb) {
      try { sink.end(); cb(); } catch (e) { cb(e as Error); }
    },
  });
}
