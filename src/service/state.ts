// What the service keeps in its data dir, each file written atomically (temp file, fsync, rename, fsync of
// the directory) so a crash mid-write leaves the previous version, never a torn file:
//   profile.json   the reference profile in use (after PUT /profile too) and where it came from
//   state.json     monitor snapshot, alert engine snapshot, latency tracker, counters
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../errors.js';

export class DataDir {
  constructor(readonly path: string) {
    try { mkdirSync(path, { recursive: true }); } catch (e) { fail('serve', 'data_dir', `${JSON.stringify(path)} cannot be created (${(e as Error).message})`); }
  }

  /** Write `name` atomically. */
  write(name: string, text: string): void {
    const file = join(this.path, name);
    const tmp = `${file}.tmp-${process.pid}`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    try {
      const dir = openSync(this.path, 'r');
      try { fsyncSync(dir); } finally { closeSync(dir); }
    } catch { /* some file systems cannot fsync a directory; the rename is still atomic */ }
  }

  /** The parsed JSON of `name`, undefined when absent; a corrupt file is an error naming it. */
  read(name: string): unknown {
    const file = join(this.path, name);
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      return fail('serve', 'data_dir', `${file} cannot be read (${(e as Error).message})`);
    }
    try { return JSON.parse(text); } catch (e) {
      return fail('serve', 'data_dir', `${file} is not valid JSON (${(e as Error).message}); move it away to start fresh`);
    }
  }

  remove(name: string): void {
    rmSync(join(this.path, name), { force: true });
  }
}
