// driftkit for Node: everything in the browser face, with the WASM read from the package's build/ folder
// and instantiated synchronously on import (no top-level await: require() works too), so `import { compare } from 'driftkit'` is ready to use.
import './engine/load-node.js';

export * from './index.js';

export { compareParallel, closePools, type ParallelCompareOptions } from './parallel/compare-parallel.js';
export { profileParallel, type ParallelProfileOptions } from './parallel/profile-parallel.js';
export { monitorWritable } from './stream/node-adapters.js';

