const { TestEnvironment } = require('jest-environment-node');

// Typed arrays made outside the test's vm context (by onnxruntime's native binding for session
// outputs, and by structured clone for worker replies) are instances of Node's own classes, which
// differ from the context's; onnxruntime's `instanceof Float32Array` check then rejects its own
// outputs. Jest already shares Node's ArrayBuffer and Uint8Array with tests; this shares the rest.
const TYPED_ARRAYS = ['Int8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'];

class SharedTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = SharedTypedArraysEnvironment;
