// Excluded columns and the time column in the reports: the JSON shape (excluded_columns, time_column, valid
// against schemas/drift-report.schema.json, also in the service's no-data answer), the terminal table's lines and
// the HTML report's meta rows (escaped).
import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/compare/compare.js';
import { driftReportJson } from '../../src/report/json.js';
import { renderHtml, renderTerminal } from '../../src/report/index.js';
import { driftView } from '../../src/service/drift-view.js';
import { driftStatusErrors, reportErrors } from './drift-schema.js';
import { edgeCase, fraudCase, HOSTILE } from './fixtures.js';

const roundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x));

function withRoles(report: DriftReport): DriftReport {
  return {
    ...report,
    excluded: [
      { column: 'row_id', reason: 'identifier', detail: '100% distinct over 3,000 values' },
      { column: 'event_time', reason: 'time', detail: 'ISO-8601 dates' },
      { column: 'note', reason: 'excluded' },
    ],
    timeColumn: {
      column: 'event_time',
      reference: { min: '2026-01-01T00:00:00.000Z', max: '2026-01-03T01:59:00.000Z', rows: 3000, days: 3, rowsPerDay: 1000 },
      current: { min: '2026-02-01T00:00:00.000Z', max: '2026-02-01T12:00:00.000Z', rows: 10, days: 1, rowsPerDay: 10 },
    },
  };
}

describe('JSON: excluded_columns, time_column', () => {
  it('are [] and null without roles, and valid against the schema', () => {
    const doc = roundTrip(driftReportJson(fraudCase().report));
    expect(doc.excluded_columns).toEqual([]);
    expect(doc.time_column).toBeNull();
    expect(reportErrors(doc)).toBe('');
  });
  it('list the excluded columns with reason and detail, and the time column\'s spans', () => {
    const doc = roundTrip(driftReportJson(withRoles(fraudCase().report)));
    expect(doc.excluded_columns).toEqual([
      { column: 'row_id', reason: 'identifier', detail: '100% distinct over 3,000 values' },
      { column: 'event_time', reason: 'time', detail: 'ISO-8601 dates' },
      { column: 'note', reason: 'excluded', detail: null },
    ]);
    expect(doc.time_column).toEqual({
      column: 'event_time',
      reference: { min: '2026-01-01T00:00:00.000Z', max: '2026-01-03T01:59:00.000Z', rows: 3000, days: 3, rows_per_day: 1000 },
      current: { min: '2026-02-01T00:00:00.000Z', max: '2026-02-01T12:00:00.000Z', rows: 10, days: 1, rows_per_day: 10 },
    });
    expect(reportErrors(doc)).toBe('');
    // a side not read (a reference given as a profile) is null
    const one = roundTrip(driftReportJson({ ...withRoles(edgeCase().report), timeColumn: { column: 't' } }));
    expect(one.time_column).toEqual({ column: 't', reference: null, current: null });
    expect(reportErrors(one)).toBe('');
    // the schema checks the new fields' shape
    expect(reportErrors({ ...doc, excluded_columns: [{ column: 'x', reason: 'because', detail: null }] })).toMatch(/excluded_columns\/0\/reason/);
    expect(reportErrors({ ...doc, time_column: { column: 'x', reference: { min: 'yesterday' }, current: null } })).not.toBe('');
  });
  it('the service\'s /drift (no data yet, and with a report) carries them too', () => {
    const spec = { kind: 'tumbling', rows: 100 } as const;
    const empty = roundTrip(driftView(undefined, undefined, spec, ['a'], 'v1', { dataQuality: null }));
    expect(empty).toMatchObject({ excluded_columns: [], time_column: null });
    expect(driftStatusErrors(empty)).toBe('');
    const full = roundTrip(driftView(withRoles(fraudCase().report), undefined, spec, [], 'v1', { dataQuality: null }));
    expect(full.excluded_columns).toHaveLength(3);
    expect(driftStatusErrors(full)).toBe('');
  });
});

describe('terminal and HTML', () => {
  it('terminal: an "excluded:" line and the time column\'s spans after the verdict; nothing without roles', () => {
    const plain = renderTerminal(fraudCase().report);
    expect(plain).not.toMatch(/excluded:|time column/);
    const t = renderTerminal(withRoles(fraudCase().report));
    expect(t).toMatch(/\nexcluded: row_id \(identifier\), event_time \(time column\), note \(excluded\)\n/);
    expect(t).toMatch(/\ntime column event_time\n  reference  2026-01-01T00:00:00\.000Z \.\. 2026-01-03T01:59:00\.000Z  3,000 rows over 3 days \(1,000\/day\)\n  current    2026-02-01T00:00:00\.000Z \.\. 2026-02-01T12:00:00\.000Z  10 rows over 1 day \(10\/day\)\n/);
  });
  it('HTML: "Excluded" and "Time column" rows, names escaped', () => {
    const r = withRoles(fraudCase().report);
    r.excluded = [...r.excluded!, { column: HOSTILE[0], reason: 'identifier', detail: HOSTILE[2] }];
    r.timeColumn = { ...r.timeColumn!, column: HOSTILE[3] };
    const html = renderHtml(r);
    expect(html).toMatch(/Excluded/);
    expect(html).toMatch(/<span class="mono">row_id<\/span> \(identifier: 100% distinct over 3,000 values\)/);
    expect(html).toMatch(/Time column/);
    expect(html).toMatch(/3,000 rows over 3 days/);
    for (const h of HOSTILE.slice(0, 1).concat(HOSTILE[2], HOSTILE[3])) expect(html).not.toContain(h);
    expect(renderHtml(fraudCase().report)).not.toMatch(/Excluded|Time column/);
  });
});
