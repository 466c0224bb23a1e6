// Every test file runs with the WASM kernels initialised, as `import 'driftkit'` does in Node.
import '../../src/engine/load-node.js';
import { init } from '../../src/engine/index.js';

await init();
