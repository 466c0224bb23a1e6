// driftkit for Node: everything in the browser face, with the WASM read from the package's build/ folder
// and instantiated on import (top-level await), so `import { ks2samp } from 'driftkit'` is ready to use.
import './engine/load-node.js';
import { init } from './engine/index.js';

export * from './index.js';

export { compareParallel, closePools, type ParallelCompareOptions } from './parallel/compare-parallel.js';
export { profileParallel, type ParallelProfileOptions } from './parallel/profile-parallel.js';
export { monitorWritable } from './stream/node-adapters.js';

await init();
