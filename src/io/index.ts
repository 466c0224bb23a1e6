// Streaming table readers for Node: CSV / TSV, JSONL, Parquet and Arrow IPC files turned into typed column
// chunks (profile() / ProfileAccumulator inputs) without holding the file in memory.
export { openTable, formatOf, DEFAULT_CHUNK_ROWS, DEFAULT_INFER_ROWS } from './table.js';
export { DEFAULT_NULL_VALUES, textNumber, textBoolean } from './infer.js';
export { createProgress, progressLine, type Progress, type ProgressOptions, type ProgressStream } from './progress.js';
export {
  TableReadError,
  type Chunk, type ChunkColumn, type ColumnSchema, type Place, type ProgressInfo, type SkippedRow, type Table,
  type TableFormat, type TableOptions, type TableSchema, type TableStats,
} from './types.js';
export { DriftkitError } from '../errors.js';
export type { FeatureKind } from '../profile/types.js';
