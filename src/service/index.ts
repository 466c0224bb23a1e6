// driftkit/service: the monitoring service as a library (Node only). `driftkit serve` is the CLI around it.
import '../engine/load-node.js';

export { startServer, type RunningServer } from './serve.js';
export { DriftService, type ServiceOptions } from './service.js';
export { buildApp } from './app.js';
export { applyConfig, defaultConfig, loadConfigFile, DEFAULT_RULES, type ServiceConfig } from './config.js';
export { BadRequest, parseMonitorBody, recordShape, type ParsedBatch, type Reason, type RecordShape } from './records.js';
export { ServiceMetrics } from './metrics.js';

