import { encodeOnnxModel } from './onnx-proto';

/** A logistic regression p = sigmoid(w·x + b) over a fixed number of float32 features. */
export interface LogisticRegression {
  readonly weights: readonly number[];
  readonly bias: number;
}

/**
 * The weights of `models/logreg-returns-10.onnx`: a hand-set, untrained logistic regression over
 * the last 10 daily log returns (lag 0 first), short-term momentum with a longer-term reversal.
 * They are float32-exact, so the ONNX file stores exactly these numbers.
 */
export const LOGREG_RETURNS_10: LogisticRegression = Object.freeze({
  weights: Object.freeze([24, 18, 14, 10, 8, 6, -4, -6, -8, -10]),
  bias: 0.0625,
});

/** The model's graph names, fixed so callers can feed and read it by name. */
export const LOGREG_INPUT = 'features';
export const LOGREG_OUTPUT = 'probability';

/**
 * Returns the ONNX file of `model`: input `features` float32 [N, f], output `probability` float32
 * [N, 1], computed as Sigmoid(Add(MatMul(features, W), B)) with W [f, 1] and B [1]; opset 13,
 * IR version 8 (ONNX 1.10+, which every onnxruntime since 1.10 reads).
 */
export function encodeLogisticRegression(model: LogisticRegression, name = 'logreg'): Uint8Array {
  const f = model.weights.length;
  return encodeOnnxModel({
    graphName: name,
    producer: 'nautilus-backtest tools/scripts/make-onnx-model.ts',
    docString: `Logistic regression over ${f} features: sigmoid(features · W + B).`,
    irVersion: 8,
    opset: 13,
    nodes: [
      { opType: 'MatMul', inputs: [LOGREG_INPUT, 'W'], outputs: ['logit_raw'] },
      { opType: 'Add', inputs: ['logit_raw', 'B'], outputs: ['logit'] },
      { opType: 'Sigmoid', inputs: ['logit'], outputs: [LOGREG_OUTPUT] },
    ],
    initializers: [
      { name: 'W', dims: [f, 1], values: model.weights },
      { name: 'B', dims: [1], values: [model.bias] },
    ],
    inputs: [{ name: LOGREG_INPUT, shape: ['N', f] }],
    outputs: [{ name: LOGREG_OUTPUT, shape: ['N', 1] }],
  });
}

/**
 * Returns sigmoid(w·x + b) for each of the `rows` rows of the row-major `features` matrix, in
 * float64 over the float32 inputs: the reference the ONNX model is tested against, and the plain
 * loop the inference benchmark compares with. NaN rows give NaN.
 */
export function logisticRegression(model: LogisticRegression, features: Float32Array, rows: number, out: Float64Array = new Float64Array(rows)): Float64Array {
  // A typed copy keeps the inner loop on unboxed doubles; the frozen array would not.
  const w = Float64Array.from(model.weights);
  const f = w.length;
  for (let r = 0; r < rows; r++) {
    let z = model.bias;
    for (let j = 0; j < f; j++) z += w[j] * features[r * f + j];
    out[r] = 1 / (1 + Math.exp(-z));
  }
  return out;
}
