/**
 * A hand-written encoder for the few ONNX protobuf messages a small dense model needs, so models
 * can be generated in TypeScript without Python or a protobuf library. Field numbers are those of
 * onnx/onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto, TypeProto).
 * @see https://github.com/onnx/onnx/blob/main/onnx/onnx.proto; https://protobuf.dev/programming-guides/encoding/
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
/** TensorProto.DataType.FLOAT. */
const ONNX_FLOAT = 1;
const utf8 = new TextEncoder();

function varint(value: number): number[] {
  // Protobuf varints carry 7 bits per byte, low bits first; int64 fields here stay below 2^53.
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return bytes;
}

function intField(field: number, value: number): number[] {
  return [...varint((field << 3) | WIRE_VARINT), ...varint(value)];
}

function bytesField(field: number, payload: ArrayLike<number>): number[] {
  return [...varint((field << 3) | WIRE_LENGTH_DELIMITED), ...varint(payload.length), ...Array.from(payload)];
}

function stringField(field: number, text: string): number[] {
  return bytesField(field, utf8.encode(text));
}

/** A tensor dimension: a fixed size, or a named symbolic size such as the batch `N`. */
export type Dimension = number | string;

/** One graph node: `opType` from the default ONNX domain, reading and writing named values. */
export interface OnnxNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/** A float32 constant of the graph (weights, biases). */
export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: readonly number[];
}

/** A float32 graph input or output with its shape. */
export interface OnnxValueInfo {
  readonly name: string;
  readonly shape: readonly Dimension[];
}

/** Everything {@link encodeOnnxModel} writes. */
export interface OnnxModelSpec {
  readonly graphName: string;
  readonly producer: string;
  readonly docString: string;
  readonly irVersion: number;
  readonly opset: number;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxInitializer[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

function valueInfo(v: OnnxValueInfo): number[] {
  const dims = v.shape.flatMap((d) => bytesField(1, typeof d === 'number' ? intField(1, d) : stringField(2, d)));
  const tensorType = [...intField(1, ONNX_FLOAT), ...bytesField(2, dims)];
  return [...stringField(1, v.name), ...bytesField(2, bytesField(1, tensorType))];
}

function tensor(t: OnnxInitializer): number[] {
  const raw = new Uint8Array(t.values.length * 4);
  const view = new DataView(raw.buffer);
  // ONNX raw_data is little-endian whatever the host.
  t.values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return [...t.dims.flatMap((d) => intField(1, d)), ...intField(2, ONNX_FLOAT), ...stringField(8, t.name), ...bytesField(9, raw)];
}

function node(n: OnnxNode, index: number): number[] {
  return [
    ...n.inputs.flatMap((name) => stringField(1, name)),
    ...n.outputs.flatMap((name) => stringField(2, name)),
    ...stringField(3, `${n.opType.toLowerCase()}_${index}`),
    ...stringField(4, n.opType),
  ];
}

/** Returns the serialized ModelProto of `spec`: one graph of float32 tensors in the default domain. */
export function encodeOnnxModel(spec: OnnxModelSpec): Uint8Array {
  const graph = [
    ...spec.nodes.flatMap((n, i) => bytesField(1, node(n, i))),
    ...stringField(2, spec.graphName),
    ...spec.initializers.flatMap((t) => bytesField(5, tensor(t))),
    ...spec.inputs.flatMap((v) => bytesField(11, valueInfo(v))),
    ...spec.outputs.flatMap((v) => bytesField(12, valueInfo(v))),
  ];
  const opsetImport = [...stringField(1, ''), ...intField(2, spec.opset)];
  return Uint8Array.from([
    ...intField(1, spec.irVersion),
    ...stringField(2, spec.producer),
    ...stringField(6, spec.docString),
    ...bytesField(7, graph),
    ...bytesField(8, opsetImport),
  ]);
}
