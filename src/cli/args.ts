// Shared flag handling for the driftkit commands: parseArgs with strict checking, list and number flags, and
// usage errors (exit status 2) that name the flag.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DriftkitError } from '../errors.js';

export class UsageError extends DriftkitError {
  constructor(flag: string, problem: string) { super('driftkit', flag, problem); this.name = 'UsageError'; }
}

/** Flags by name (string or boolean values) and the positional arguments. */
export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const r = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
}

/** A string flag's value (undefined when absent). */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const list = (v: unknown): string[] | undefined =>
  typeof v !== 'string' ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);

export function int(flag: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (typeof v !== 'string') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(flag, `must be an integer in [${min}, ${max}]; got ${JSON.stringify(v)}`);
  return n;
}

export function oneOf<T extends string>(flag: string, v: unknown, allowed: readonly T[]): T | undefined {
  if (typeof v !== 'string') return undefined;
  if (!allowed.includes(v as T)) throw new UsageError(flag, `must be one of ${allowed.join(', ')}; got ${JSON.stringify(v)}`);
  return v as T;
}

/** Bytes from "256MB", "1GiB", "512k" or a number of bytes. */
export function bytes(flag: string, v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(v.trim());
  if (!m) throw new UsageError(flag, `must be a size like 256MB or 1GB; got ${JSON.stringify(v)}`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  return Math.round(Number(m[1]) * ({ b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 } as Record<string, number>)[unit]);
}
