// Freshness of the data behind predictions. A record names, per source (a feature store table, a stream),
// when that source's values were computed: `sources: { user_features: <ms or ISO 8601> }`; the record's own
// `timestamp` is the source "record" (pipeline lag). A source is
//   fresh    when its newest timestamp is at most max_age old,
//   stale    when it is older (or, in the window, more than stale_share of its records were served older),
//   missing  when no record has carried it for max_age (or ever).
// State per source is a few numbers and a ring of time panes (the latency window), never records.
import { fail } from '../errors.js';

/** The service's freshness settings (config `freshness`): per-source maximum ages and the stale share. */
export interface FreshnessConfig {
  /** Per source, the largest acceptable age in ms. */
  sources: Record<string, { maxAgeMs: number }>;
  /** Share of a window's records served with stale values above which the source counts as stale (default 0.05). */
  staleShare: number;
}

interface Pane { t: number; n: number; stale: number; maxAge: number }
interface SourceState {
  maxAgeMs: number;
  /** Newest source timestamp seen, and when it arrived. */
  newest: number | null;
  lastSeen: number | null;
  records: number;
  panes: Pane[];
}

export interface SourceStatus {
  max_age_ms: number;
  status: 'fresh' | 'stale' | 'missing';
  /** now − newest source timestamp (null: never seen). */
  age_ms: number | null;
  newest_timestamp: string | null;
  last_seen: string | null;
  window: { records: number; stale_records: number; stale_share: number; max_age_ms: number | null };
  records_total: number;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export class FreshnessTracker {
  private readonly state = new Map<string, SourceState>();
  /** Source names seen in records but not configured (counted, not tracked; at most 20 named). */
  readonly unknown = new Map<string, number>();

  constructor(readonly config: FreshnessConfig, private readonly windowMs: number, private readonly paneMs: number) {
    for (const [name, s] of Object.entries(config.sources)) this.state.set(name, { maxAgeMs: s.maxAgeMs, newest: null, lastSeen: null, records: 0, panes: [] });
  }

  get sources(): string[] { return [...this.state.keys()]; }

  /** Whether a source is configured (records may carry others). */
  has(source: string): boolean { return this.state.has(source); }

  maxAge(source: string): number { return this.state.get(source)!.maxAgeMs; }

  /** A record served at `arrival` with `source` values computed at `sourceTime`; returns whether they were fresh. */
  record(source: string, sourceTime: number, arrival: number): boolean | undefined {
    const s = this.state.get(source);
    if (!s) {
      if (this.unknown.has(source) || this.unknown.size < 20) this.unknown.set(source, (this.unknown.get(source) ?? 0) + 1);
      return undefined;
    }
    const age = Math.max(0, arrival - sourceTime);
    const fresh = age <= s.maxAgeMs;
    s.newest = s.newest === null ? sourceTime : Math.max(s.newest, sourceTime);
    s.lastSeen = arrival;
    s.records++;
    const start = arrival - (arrival % this.paneMs);
    let p = s.panes[s.panes.length - 1];
    if (!p || p.t !== start) s.panes.push((p = { t: start, n: 0, stale: 0, maxAge: 0 }));
    p.n++;
    if (!fresh) p.stale++;
    p.maxAge = Math.max(p.maxAge, age);
    this.expire(s, arrival);
    return fresh;
  }

  private expire(s: SourceState, t: number): void {
    while (s.panes.length && s.panes[0].t + this.paneMs <= t - this.windowMs) s.panes.shift();
  }

  status(now: number): { timestamp: string; all_fresh: boolean; sources: Record<string, SourceStatus>; unknown_sources: Record<string, number> } {
    const sources: Record<string, SourceStatus> = {};
    for (const [name, s] of this.state) {
      this.expire(s, now);
      let n = 0, stale = 0, maxAge = -1;
      for (const p of s.panes) { n += p.n; stale += p.stale; maxAge = Math.max(maxAge, p.maxAge); }
      const age = s.newest === null ? null : Math.max(0, now - s.newest);
      const share = n > 0 ? stale / n : 0;
      const missing = s.lastSeen === null || now - s.lastSeen > s.maxAgeMs;
      const status = missing ? 'missing' : age! > s.maxAgeMs || share > this.config.staleShare ? 'stale' : 'fresh';
      sources[name] = {
        max_age_ms: s.maxAgeMs, status, age_ms: age, newest_timestamp: iso(s.newest), last_seen: iso(s.lastSeen),
        window: { records: n, stale_records: stale, stale_share: share, max_age_ms: maxAge < 0 ? null : maxAge }, records_total: s.records,
      };
    }
    return {
      timestamp: new Date(now).toISOString(), all_fresh: Object.values(sources).every((s) => s.status === 'fresh'), sources,
      unknown_sources: Object.fromEntries(this.unknown),
    };
  }

  toJSON(): unknown {
    return Object.fromEntries([...this.state].map(([k, s]) => [k, { newest: s.newest, lastSeen: s.lastSeen, records: s.records, panes: s.panes }]));
  }

  restore(v: unknown): void {
    if (!v || typeof v !== 'object') fail('restore', 'freshness', 'must be an object of sources');
    const okNum = (x: unknown) => x === null || (typeof x === 'number' && Number.isFinite(x));
    for (const [k, raw] of Object.entries(v as Record<string, { newest: number | null; lastSeen: number | null; records: number; panes: Pane[] }>)) {
      const s = this.state.get(k);
      if (!s || !raw || !okNum(raw.newest) || !okNum(raw.lastSeen) || !Array.isArray(raw.panes)) continue; // a source no longer configured, or damaged
      s.newest = raw.newest;
      s.lastSeen = raw.lastSeen;
      s.records = Number.isFinite(raw.records) ? raw.records : 0;
      s.panes = raw.panes.filter((p) => p && [p.t, p.n, p.stale, p.maxAge].every((x) => Number.isFinite(x)));
    }
  }
}
