// Webhook delivery against real local HTTP receivers (node:http on 127.0.0.1, port 0): the JSON body, routing
// (rule URLs / global list), retries with exponential backoff on 500 and 429, no retry on 400, timeouts on a
// hanging receiver, refused connections, the bounded delivery records, drain(), and never throwing.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertEngine, createWebhookNotifier, webhookPayload, type Alert, type Incident, type MetricSample } from '../../src/alerts/index.js';
import { DriftkitError } from '../../src/errors.js';

const T0 = Date.UTC(2025, 0, 1);

interface Received { body: any; headers: IncomingHttpHeaders; path: string; at: number }
type Handler = (res: ServerResponse, n: number) => void;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A local receiver; `handler` answers the n-th request (1-based). */
async function receiver(handler: Handler = (res) => res.end('ok')) {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { data += c; });
    req.on('end', () => {
      got.push({ body: JSON.parse(data), headers: req.headers, path: req.url ?? '', at: performance.now() });
      handler(res, got.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  };
  closers.push(close);
  return { url: `http://127.0.0.1:${port}/hook`, port, got, close };
}

const status = (code: number, text = '') => (res: ServerResponse) => { res.statusCode = code; res.end(text); };

function alert(extra: Partial<Alert> = {}): Alert {
  return {
    id: 'a-1', rule: 'psi_score_rollback_0.5', metric: 'psi_score', feature: 'age', value: 0.61, lastValue: 0.61,
    threshold: 0.5, op: '>', severity: 'critical', action: 'rollback', state: 'firing', startsAt: T0, firedAt: T0,
    resolvedAt: null, incidentId: 'i-1', runbook: null, context: null, notified: true, ...extra,
  };
}

describe('webhook delivery', () => {
  it('POSTs the JSON payload of a fired alert (end to end through the engine)', async () => {
    const r = await receiver();
    const notifier = createWebhookNotifier();
    const engine = new AlertEngine({
      rules: [
        { metric: 'psi_score', threshold: 0.25, action: 'alert' },
        { metric: 'psi_score', threshold: 0.5, action: 'rollback', runbook: 'https://wiki.example.com/rollback' },
      ],
      webhooks: [r.url],
      notifier,
    });
    const context = {
      top_bins: [{ bin: '[40, 50)', reference: 0.1, current: 0.32, contribution: 0.25 }],
      counts: { reference: 50_000, current: 4_000 },
      window: { start: '2025-01-01T00:00:00.000Z', end: '2025-01-01T00:05:00.000Z', rows: 4_000, drift_share: 0.4 },
      model_version: 'v7',
    };
    const samples: MetricSample[] = [{ metric: 'psi_score', feature: 'age', value: 0.61, context }];
    const { fired } = engine.evaluate(samples, T0);
    // Not awaited by the engine: the deliveries are still in flight.
    expect(notifier.inFlight()).toBe(2);
    expect(await notifier.drain(5000)).toBe(true);

    expect(r.got).toHaveLength(2);
    const got = r.got.find((g) => g.body.action === 'rollback')!;
    const a = fired.find((x) => x.action === 'rollback')!;
    expect(got.path).toBe('/hook');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-driftkit-alert-id']).toBe(a.id);
    expect(got.body).toEqual({
      version: 1,
      alert: {
        id: a.id, rule: 'psi_score_rollback_0.5', metric: 'psi_score', feature: 'age', value: 0.61, last_value: 0.61,
        threshold: 0.5, op: '>', severity: 'critical', action: 'rollback', state: 'firing',
        starts_at: '2025-01-01T00:00:00.000Z', fired_at: '2025-01-01T00:00:00.000Z', resolved_at: null,
        incident_id: a.incidentId, runbook_url: 'https://wiki.example.com/rollback',
      },
      incident: {
        id: a.incidentId, state: 'open', severity: 'critical', alert_ids: fired.map((x) => x.id), active_alert_ids: fired.map((x) => x.id),
        opened_at: '2025-01-01T00:00:00.000Z', last_fired_at: '2025-01-01T00:00:00.000Z', resolved_at: null,
      },
      rule: 'psi_score_rollback_0.5',
      metric: 'psi_score',
      action: 'rollback',
      feature: 'age',
      value: 0.61,
      threshold: 0.5,
      severity: 'critical',
      runbook_url: 'https://wiki.example.com/rollback',
      summary: 'critical rollback: age: psi_score 0.61 > 0.5',
      context,
    });
    // drift that begins right after a model deploy says so in the one-line summary
    const deployed = webhookPayload({ ...a, context: { deploy: { version: 'v8', changed_at: '2025-01-01T00:00:00.000Z', seconds_since_change: 240, recent: true } } }, null);
    expect(deployed.summary).toBe('critical rollback: age: psi_score 0.61 > 0.5; began 4 min after model version v8 was deployed');
    expect(notifier.deliveries()).toHaveLength(2);
    for (const d of notifier.deliveries()) {
      expect(d).toEqual({
        id: expect.any(String), alert_id: expect.any(String), url: r.url, attempt: 1, status: 200, ok: true, error: null,
        duration_ms: expect.any(Number), at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    }
  });

  it("sends to the rule's webhooks, else to the global list; suppressed (cooldown) firings send nothing", async () => {
    const r1 = await receiver();
    const r2 = await receiver();
    const notifier = createWebhookNotifier();
    const engine = new AlertEngine({
      rules: [
        { name: 'own', metric: 'error_rate', threshold: 0.05, action: 'rollback', webhooks: [r2.url] },
        { name: 'global', metric: 'latency_p99', threshold: 0.5, action: 'scale_down' },
        { name: 'silent', metric: 'drift_share', threshold: 0.3, action: 'alert', webhooks: [] },
      ],
      webhooks: [r1.url, r2.url],
      notifier,
    });
    engine.evaluate([{ metric: 'error_rate', value: 0.1 }, { metric: 'latency_p99', value: 0.9 }, { metric: 'drift_share', value: 0.5 }], T0);
    engine.evaluate([{ metric: 'latency_p99', value: 0.1 }], T0 + 60_000);
    engine.evaluate([{ metric: 'latency_p99', value: 0.9 }], T0 + 120_000);
    await notifier.drain(5000);
    expect(r1.got.map((g) => g.body.rule)).toEqual(['global']);
    expect(r2.got.map((g) => g.body.rule).sort()).toEqual(['global', 'own']);
  });

  it('retries 500 with exponential backoff, then succeeds', async () => {
    const r = await receiver((res, n) => (n <= 2 ? status(500, 'oops')(res) : res.end('ok')));
    const notifier = createWebhookNotifier({ backoffMs: 100, random: () => 1 });
    await notifier.notify(alert(), null, [r.url]);
    expect(r.got).toHaveLength(3);
    // Jitter factor 1 (random() = 1): 100 ms, then 200 ms.
    expect(r.got[1].at - r.got[0].at).toBeGreaterThanOrEqual(95);
    expect(r.got[2].at - r.got[1].at).toBeGreaterThanOrEqual(195);
    expect(r.got.map((g) => g.body.alert.id)).toEqual(['a-1', 'a-1', 'a-1']);
    expect(notifier.deliveries().map((d) => [d.attempt, d.status, d.ok, d.error])).toEqual([
      [1, 500, false, 'HTTP 500 Internal Server Error: oops'], [2, 500, false, 'HTTP 500 Internal Server Error: oops'], [3, 200, true, null],
    ]);
  });

  it('jitter shortens the delay to no less than half', async () => {
    const r = await receiver((res, n) => (n === 1 ? status(503)(res) : res.end()));
    const notifier = createWebhookNotifier({ backoffMs: 200, random: () => 0 });
    await notifier.notify(alert(), null, [r.url]);
    expect(r.got[1].at - r.got[0].at).toBeGreaterThanOrEqual(95);
  });

  it('retries 429; gives up after `retries` and records every attempt', async () => {
    const r = await receiver(status(429, 'slow down'));
    const notifier = createWebhookNotifier({ retries: 2, backoffMs: 5 });
    await notifier.notify(alert(), null, [r.url]);
    expect(r.got).toHaveLength(3);
    expect(notifier.deliveries().map((d) => [d.attempt, d.status, d.ok])).toEqual([[1, 429, false], [2, 429, false], [3, 429, false]]);
  });

  it('does not retry 400', async () => {
    const r = await receiver(status(400, 'bad payload'));
    const notifier = createWebhookNotifier({ backoffMs: 5 });
    await notifier.notify(alert(), null, [r.url]);
    expect(r.got).toHaveLength(1);
    expect(notifier.deliveries()).toMatchObject([{ attempt: 1, status: 400, ok: false, error: 'HTTP 400 Bad Request: bad payload' }]);
  });

  it('times out on a hanging receiver, and retries', async () => {
    const r = await receiver(() => { /* never answers */ });
    const notifier = createWebhookNotifier({ timeoutMs: 150, retries: 1, backoffMs: 10 });
    await notifier.notify(alert(), null, [r.url]);
    expect(r.got).toHaveLength(2);
    const d = notifier.deliveries();
    expect(d.map((x) => [x.attempt, x.status, x.ok, x.error])).toEqual([
      [1, null, false, 'timeout after 150 ms'], [2, null, false, 'timeout after 150 ms'],
    ]);
    for (const x of d) expect(x.duration_ms).toBeGreaterThanOrEqual(140);
  });

  it('retries refused connections', async () => {
    const r = await receiver();
    await r.close();
    const notifier = createWebhookNotifier({ retries: 2, backoffMs: 5 });
    await notifier.notify(alert(), null, [r.url]);
    const d = notifier.deliveries();
    expect(d.map((x) => x.attempt)).toEqual([1, 2, 3]);
    for (const x of d) {
      expect(x.status).toBeNull();
      expect(x.error).toMatch(/ECONNREFUSED/);
    }
  });

  it('keeps the last maxRecords records and reports each to onDelivery', async () => {
    const r = await receiver(status(500));
    const seen: number[] = [];
    const notifier = createWebhookNotifier({
      retries: 3, backoffMs: 1, maxRecords: 2, onDelivery: (d) => { seen.push(d.attempt); throw new Error('ignored'); },
    });
    await notifier.notify(alert(), null, [r.url]);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(notifier.deliveries().map((d) => d.attempt)).toEqual([3, 4]);
  });

  it('drain() waits for in-flight deliveries, or gives up after its timeout', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const r = await receiver((res) => { void gate.then(() => res.end('ok')); });
    const notifier = createWebhookNotifier({ retries: 0 });
    void notifier.notify(alert(), null, [r.url]);
    expect(await notifier.drain(50)).toBe(false);
    expect(notifier.inFlight()).toBe(1);
    release();
    expect(await notifier.drain(5000)).toBe(true);
    expect(notifier.inFlight()).toBe(0);
    expect(notifier.deliveries()).toMatchObject([{ ok: true, status: 200 }]);
    expect(await notifier.drain(10)).toBe(true);
  });

  it('never throws: malformed alerts, unserialisable contexts, a throwing fetch', async () => {
    const r = await receiver();
    const notifier = createWebhookNotifier();
    await expect(notifier.notify({} as Alert, null)).resolves.toBeUndefined();
    await expect(notifier.notify({ id: 'x' } as Alert, {} as Incident, [r.url])).resolves.toBeUndefined();
    expect(notifier.deliveries()).toMatchObject([{ alert_id: 'x', ok: false, attempt: 0, error: expect.stringMatching(/^not delivered: /) }]);
    expect(r.got).toHaveLength(0);

    const cyclic: Record<string, unknown> = { n: 10n };
    cyclic.self = cyclic;
    await notifier.notify(alert({ context: cyclic, value: Infinity }), null, [r.url]);
    expect(r.got[0].body.context.error).toMatch(/context not serialisable/);
    expect(r.got[0].body.value).toBeNull();
    await notifier.notify(alert({ context: { n: 10n } }), null, [r.url]);
    expect(r.got[1].body.context).toEqual({ n: '10' });

    const throwing = createWebhookNotifier({ retries: 1, backoffMs: 1, fetch: () => { throw new Error('no network'); } });
    await throwing.notify(alert(), null, ['http://127.0.0.1:1/x']);
    expect(throwing.deliveries().map((d) => d.error)).toEqual(['no network', 'no network']);
  });

  it('notify() without a list uses options.webhooks', async () => {
    const r = await receiver();
    const notifier = createWebhookNotifier({ webhooks: [r.url] });
    await notifier.notify(alert(), null);
    await notifier.notify(alert(), null, []);
    expect(r.got).toHaveLength(1);
  });

  it('webhookPayload maps an alert without an incident', () => {
    const p = webhookPayload(alert({ feature: null, metric: 'latency_p99' }), null);
    expect(p).toMatchObject({ version: 1, incident: null, feature: null, metric: 'latency_p99', runbook_url: null });
  });

  it('checks its options', () => {
    const cases: [unknown, string][] = [
      [{ timeoutMs: 0 }, 'options.timeoutMs'], [{ retries: -1 }, 'options.retries'], [{ retries: 1.5 }, 'options.retries'],
      [{ backoffMs: NaN }, 'options.backoffMs'], [{ maxRecords: 'many' }, 'options.maxRecords'], [{ fetch: 'curl' }, 'options.fetch'],
      [{ headers: { a: 1 } }, 'options.headers'], [{ webhooks: ['mailto:x@y.z'] }, 'options.webhooks[0]'], [{ retry: 3 }, 'options.retry'], ['fast', 'options'],
    ];
    for (const [o, arg] of cases) {
      let err: unknown;
      try { createWebhookNotifier(o as never); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(DriftkitError);
      expect((err as DriftkitError).argument).toBe(arg);
    }
  });
});
