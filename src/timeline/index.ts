// Drift over time: timeline() and its reports.
export { timeline, MIN_REFERENCE_CHUNKS, type Timeline, type TimelineOptions, type TimelineChunk, type TimelineCell, type TimelineThreshold } from './timeline.js';
export type { Every } from './periods.js';
export { timelineJson, renderTimeline, TIMELINE_SCHEMA_VERSION, type TimelineJson, type TimelineChunkJson, type TimelineCellJson } from './report.js';
export { timelineHtml, type TimelineHtmlOptions } from './html.js';
export { timelineChunked, DEFAULT_CHUNK_SAMPLE_CAPACITY, DEFAULT_MAX_OPEN_CHUNKS, type TimelineChunkedOptions } from './chunked.js';
