// Writes the table-reader fixtures of test/io into test/fixtures/io: one small table as CSV, TSV, JSONL,
// Parquet (hyparquet-writer, several row groups) and Arrow IPC (file and stream format, several record
// batches), with table.json holding what every reader must produce; plus files for the edge cases (BOM + CRLF,
// bad rows, empty, header only) and per-format type mapping (types.parquet, types.arrow).
// Deterministic: rerun with `node scripts/gen_io_fixtures.mjs` and the files come out byte-identical.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Binary, Bool, DateDay, Decimal, Dictionary, DurationMillisecond, Field, Float16, Float64, Int32, Int64, List,
  RecordBatch, Table, TimeMicrosecond, TimestampMicrosecond, Utf8, makeData, tableToIPC, vectorFromArray,
} from 'apache-arrow';
import { parquetWriteFile, schemaFromColumnData } from 'hyparquet-writer';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'io');
mkdirSync(out, { recursive: true });
const write = (name, text) => writeFileSync(join(out, name), text);

// The shared table: every format must read back exactly these columns (null = missing).
const table = {
  id: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  amount: [12.5, -0.5, 1000, null, 3.25, 0, 1e-7, null, 42, -17.125, 6.02e23, 7],
  city: ['Paris', 'São Paulo, BR', 'He said "hi"', null, 'Line1\nLine2', 'Paris', 'Tab\there', null, ' spaced ', 'Zürich', 'Paris', '東京'],
  flag: [true, false, null, true, true, false, null, false, true, true, false, true],
};
const names = Object.keys(table);
const n = table.id.length;
write('table.json', `${JSON.stringify({ kinds: { id: 'numeric', amount: 'numeric', city: 'categorical', flag: 'boolean' }, columns: table }, null, 1)}\n`);

// CSV / TSV: quote only fields that need it; missing values written as '' or NA, booleans in mixed case
const quote = (s, delim) => (s.includes(delim) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const BOOL_TEXT = [['true', 'false'], ['TRUE', 'FALSE'], ['True', 'False']];
function delimited(delim) {
  const lines = [names.join(delim)];
  for (let i = 0; i < n; i++) {
    lines.push(names.map((c) => {
      const v = table[c][i];
      if (v === null) return i % 2 === 0 ? '' : 'NA';
      if (typeof v === 'boolean') return BOOL_TEXT[i % 3][v ? 0 : 1];
      return quote(String(v), delim);
    }).join(delim));
  }
  return `${lines.join('\n')}\n`;
}
write('table.csv', delimited(','));
write('table.tsv', delimited('\t'));

// JSONL: a missing value is null or an absent key
const jsonl = [];
for (let i = 0; i < n; i++) {
  const row = {};
  for (const c of names) {
    const v = table[c][i];
    if (v === null && i % 2 === 1) continue;
    row[c] = v;
  }
  jsonl.push(JSON.stringify(row));
}
write('table.jsonl', `${jsonl.join('\n')}\n`);

// Parquet: row groups of 5 rows, so chunks cross group boundaries
parquetWriteFile({
  filename: join(out, 'table.parquet'),
  rowGroupSize: 5,
  columnData: [
    { name: 'id', data: table.id, type: 'INT32' },
    { name: 'amount', data: table.amount, type: 'DOUBLE' },
    { name: 'city', data: table.city, type: 'STRING' },
    { name: 'flag', data: table.flag, type: 'BOOLEAN' },
  ],
});

// Arrow IPC: record batches of 4 rows; the file format keeps city dictionary-encoded, the stream format plain
function arrowTable(dictionary) {
  const whole = new Table({
    id: vectorFromArray(table.id, new Int32()),
    amount: vectorFromArray(table.amount, new Float64()),
    city: vectorFromArray(table.city, dictionary ? new Dictionary(new Utf8(), new Int32()) : new Utf8()),
    flag: vectorFromArray(table.flag, new Bool()),
  });
  // slices of one table share its schema (and dictionary)
  const batches = [];
  for (let a = 0; a < n; a += 4) batches.push(...whole.slice(a, a + 4).batches);
  return new Table(batches);
}
writeFileSync(join(out, 'table.arrow'), tableToIPC(arrowTable(true), 'file'));
writeFileSync(join(out, 'table.arrows'), tableToIPC(arrowTable(false), 'stream'));

// BOM, CRLF line ends, a quoted field holding a CRLF
write('bom_crlf.csv', '\uFEFFx,label\r\n1,a\r\n2,"two\r\nlines"\r\n3,c\r\n');

// Bad rows: a multi-line quoted field (lines 3-4), a number with a decimal comma (line 6), too many fields
// (line 7), too few (line 9); everything else fits the schema inferred from the first rows.
write('bad.csv', [
  'id,amount,note',
  '1,10.5,ok',
  '2,11,"spans',
  'two lines"',
  '3,12,fine',
  '4,"12,5",decimal comma',
  '5,13,extra,field',
  '6,14,ok',
  '7,15',
  '8,16,last',
].join('\n') + '\n');

write('bad.jsonl', [
  '{"id": 1, "amount": 10.5}',
  '{"id": 2, "amount": 11}',
  '{"id": 3, "amount": "12,5"}',
  '{"id": 4, "amount": 13',
  '',
  '[5, 14]',
  '{"id": 6, "amount": 15}',
].join('\n') + '\n');

write('empty.csv', '');
write('header_only.csv', 'a,b,c\n');

// Parquet type mapping: 64-bit integers, timestamps, dates, decimals, times, JSON
const day = 86_400_000;
const typesData = [
  { name: 'i64', data: [1n, -5n, null, 9007199254740993n] },
  { name: 'ts_ms', data: [new Date(0), new Date(1_700_000_000_123), null, new Date(-1000)] },
  { name: 'ts_us', data: [new Date(0), new Date(1_700_000_000_123), null, new Date(86_400_000)] },
  { name: 'day', data: [new Date(0), new Date(19_000 * day), null, new Date(-day)] },
  { name: 'dec', data: [12.34, -0.5, null, 99999.99] },
  { name: 'tm', data: [0, 45_296_789, null, 1] },
  { name: 'js', data: [{ a: 1 }, [1, 2], null, 'x'] },
];
parquetWriteFile({
  filename: join(out, 'types.parquet'),
  columnData: typesData,
  schema: schemaFromColumnData({
    columnData: typesData,
    schemaOverrides: {
      i64: { name: 'i64', type: 'INT64', repetition_type: 'OPTIONAL' },
      ts_ms: { name: 'ts_ms', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'OPTIONAL' },
      ts_us: { name: 'ts_us', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' }, repetition_type: 'OPTIONAL' },
      day: { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' },
      dec: { name: 'dec', type: 'INT32', converted_type: 'DECIMAL', precision: 9, scale: 2, repetition_type: 'OPTIONAL' },
      tm: { name: 'tm', type: 'INT32', converted_type: 'TIME_MILLIS', repetition_type: 'OPTIONAL' },
      js: { name: 'js', type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type: 'OPTIONAL' },
    },
  }),
});

// Arrow type mapping, including columns that cannot be profiled (list, binary)
const listType = new List(new Field('item', new Int32(), true));
const typesArrow = new Table({
  i64: vectorFromArray([1n, -5n, null, 9007199254740993n], new Int64()),
  ts_us: vectorFromArray([0, 1_700_000_000_123, null, 86_400_000], new TimestampMicrosecond()),
  day: vectorFromArray([0, 19_000 * day, null, -day], new DateDay()),
  dec: vectorFromArray([new Uint32Array([1234, 0, 0, 0]), new Uint32Array([-50 >>> 0, 0xffffffff, 0xffffffff, 0xffffffff]), null, new Uint32Array([0, 0, 0, 0])], new Decimal(2, 10, 128)),
  tm: vectorFromArray([0n, 45_296_789_000n, null, 1n], new TimeMicrosecond()),
  dur: vectorFromArray([1500n, null, 0n, -2n], new DurationMillisecond()),
  f16: vectorFromArray([1.5, null, -2, 0.25], new Float16()),
  cat: vectorFromArray(['a', 'b', null, 'a'], new Dictionary(new Utf8(), new Int32())),
  tags: vectorFromArray([[1, 2], [], null, [3]], listType),
  blob: new RecordBatch({ blob: makeData({ type: new Binary(), length: 4, nullCount: 0, valueOffsets: new Int32Array([0, 1, 2, 3, 4]), data: new Uint8Array([1, 2, 3, 4]) }) }).getChild('blob'),
});
writeFileSync(join(out, 'types.arrow'), tableToIPC(typesArrow, 'file'));

console.log(`wrote fixtures to ${out}`);
