// Binary files given to the text readers (a PNG, a Parquet or gzip file named .csv): the first block of bytes
// is checked before it is parsed, so such a file is an error naming it and the format expected instead of a
// profile with a feature called "\x89PNG". Known signatures are named (with the extension to use where driftkit
// reads the format); otherwise a NUL byte, or mostly control bytes and invalid UTF-8, mark a file as binary.
// Text in another 8-bit encoding (Latin-1, Windows-1252) passes: its share of invalid UTF-8 is small.
import { TableReadError } from './types.js';

/** Bytes of the first block that are checked. */
const BLOCK = 1 << 16;
/** Share of control bytes and invalid UTF-8 above which a block without NUL is binary. */
const MAX_ODD_SHARE = 0.3;

/**
 * A format's first bytes and what to say of it. `binary`: the signature is text, so the block must also hold a NUL,
 * a control byte or invalid UTF-8.
 */
interface Signature { bytes: readonly number[]; is: string; binary?: true }

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], is: 'it starts with the PNG image signature' },
  { bytes: [0xff, 0xd8, 0xff], is: 'it starts with the JPEG image signature' },
  { bytes: ascii('GIF8'), is: 'it starts with the GIF image signature', binary: true },
  { bytes: ascii('%PDF-'), is: 'it starts with the PDF signature' },
  { bytes: ascii('PAR1'), is: 'it looks like a Parquet file; name it .parquet', binary: true },
  { bytes: ascii('ARROW1'), is: 'it looks like an Arrow IPC (Feather) file; name it .arrow', binary: true },
  { bytes: [0x50, 0x4b, 0x03, 0x04], is: 'it is a ZIP archive (an .xlsx workbook is one); extract or export the table as CSV' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], is: 'it is an OLE2 file (a legacy .xls workbook); export the table as CSV' },
  { bytes: ascii('BZh'), is: 'it looks bzip2-compressed; decompress it (driftkit reads gzip: .gz)', binary: true },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], is: 'it is xz-compressed; decompress it (driftkit reads gzip: .gz)' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], is: 'it is zstd-compressed; decompress it (driftkit reads gzip: .gz)' },
  { bytes: ascii('SQLite format 3\0'), is: 'it is an SQLite database' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], is: 'it is an ELF executable' },
];

const startsWith = (b: Uint8Array, sig: readonly number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** C0 control bytes other than tab, line feed, vertical tab, form feed, carriage return and escape, and DEL. */
const isControl = (x: number) => (x < 0x20 && !(x >= 0x09 && x <= 0x0d) && x !== 0x1b) || x === 0x7f;

/** Control bytes plus bytes outside well-formed UTF-8 in `b` (a sequence cut by the block's end counts as valid). */
function oddBytes(b: Uint8Array): number {
  let odd = 0;
  for (let i = 0; i < b.length;) {
    const x = b[i];
    if (x < 0x80) { if (isControl(x)) odd++; i++; continue; }
    const n = x >= 0xc2 && x <= 0xdf ? 1 : x >= 0xe0 && x <= 0xef ? 2 : x >= 0xf0 && x <= 0xf4 ? 3 : -1;
    let ok = n > 0;
    for (let k = 1; ok && k <= n && i + k < b.length; k++) ok = (b[i + k] & 0xc0) === 0x80;
    if (ok) i += n + 1;
    else { odd++; i++; }
  }
  return odd;
}

/**
 * What is wrong with a text file whose first bytes (after gunzip when `gzip`) are `first`, as the words after its
 * name ("is binary, not CSV text: it starts with the PNG image signature"), or undefined when they pass. `format`
 * names the format expected (CSV, TSV, JSON Lines); `file` is used in advice to rename it.
 */
export function binaryProblem(first: Uint8Array, file: string, gzip: boolean, format: string): string | undefined {
  const b = first.length > BLOCK ? first.subarray(0, BLOCK) : first;
  if (b.length === 0) return undefined;
  if (b[0] === 0xff && b[1] === 0xfe) {
    // the CSV reader decodes UTF-16LE after its BOM; JSON Lines is UTF-8 only
    return format === 'JSON Lines' ? `is UTF-16 text, not ${format} in UTF-8: save it as UTF-8` : undefined;
  }
  if (b[0] === 0xfe && b[1] === 0xff) return `is UTF-16 big-endian text, not ${format} in UTF-8: save it as UTF-8`;
  const binary = `is binary, not ${format} text: `;
  if (!gzip && b[0] === 0x1f && b[1] === 0x8b) return `${binary}it is gzip-compressed; name it ${file}.gz`;
  const nul = b.indexOf(0);
  let odd: number | undefined;
  for (const s of SIGNATURES) {
    if (startsWith(b, s.bytes) && (!s.binary || nul >= 0 || (odd ??= oddBytes(b)) > 0)) return binary + s.is;
  }
  const where = gzip ? ' of the decompressed data' : '';
  if (nul >= 0) return `${binary}byte ${nul + 1}${where} is NUL (0x00)`;
  odd ??= oddBytes(b);
  if (odd > MAX_ODD_SHARE * b.length) {
    return `${binary}${Math.round((100 * odd) / b.length)}% of its first ${b.length.toLocaleString('en-US')} bytes${where} are control bytes or invalid UTF-8`;
  }
  return undefined;
}

/** The TableReadError for a file read as `format` text that is not (binaryProblem), or undefined when `first` passes. */
export function binaryError(first: Uint8Array, file: string, gzip: boolean, format: string): TableReadError | undefined {
  const problem = binaryProblem(first, file, gzip, format);
  return problem === undefined ? undefined : new TableReadError(file, {}, undefined, problem);
}

/** `bytes` passed through, after its first non-empty piece was checked (binaryError thrown). */
export async function* checkedText(bytes: AsyncIterable<Uint8Array>, file: string, gzip: boolean, format: string): AsyncGenerator<Uint8Array, void, undefined> {
  let first = true;
  for await (const b of bytes) {
    if (first && b.length > 0) {
      first = false;
      const e = binaryError(b, file, gzip, format);
      if (e) throw e;
    }
    yield b;
  }
}
