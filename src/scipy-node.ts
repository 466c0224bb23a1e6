// driftkit/scipy for Node (the "node" condition): the browser-safe scipy.ts, with the WASM build read from the
// package's build/ folder and instantiated synchronously on import (no top-level await: require() works too).
import './engine/load-node.js';

export * from './scipy.js';
