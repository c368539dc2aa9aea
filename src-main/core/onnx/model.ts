// ONNX model description (nodes, initializers, inputs, metadata) and its encoding as an ONNX ModelProto (onnx.proto, IR version 8).
import { ProtoWriter, readFields } from './protobuf.ts';

/** ONNX TensorProto.DataType values used here. */
export const onnxType = { float: 1, int64: 7, double: 11 } as const;
export type OnnxElementType = (typeof onnxType)[keyof typeof onnxType];

export type AttributeValue = number | string | number[] | { ints: number[] } | { float: number };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attributes?: Record<string, AttributeValue>;
}

export interface OnnxTensor {
  name: string;
  type: OnnxElementType;
  dims: number[];
  /** Row-major values. */
  values: ArrayLike<number>;
}

export interface OnnxValueInfo {
  name: string;
  type: OnnxElementType;
  /** A number is a fixed size; a string a symbolic one. */
  dims: (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export interface OnnxModel {
  graph: OnnxGraph;
  opset: number;
  producerName: string;
  producerVersion: string;
  docString?: string;
  /** metadata_props: key → value (JSON text for structured values). */
  metadata: Record<string, string>;
}

// Field numbers from onnx/onnx.proto.
const MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, docString: 6, graph: 7, opsetImport: 8, metadataProps: 14 };
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 };
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
const ATTRIBUTE = { name: 1, f: 2, i: 3, s: 4, ints: 8, type: 20 };
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, ints: 7 };
const TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9 };

function writeAttribute(w: ProtoWriter, name: string, value: AttributeValue): void {
  w.string(ATTRIBUTE.name, name);
  if (typeof value === 'number') {
    w.int(ATTRIBUTE.i, value);
    w.int(ATTRIBUTE.type, ATTRIBUTE_TYPE.int);
  } else if (typeof value === 'string') {
    w.string(ATTRIBUTE.s, value);
    w.int(ATTRIBUTE.type, ATTRIBUTE_TYPE.string);
  } else if (Array.isArray(value) || 'ints' in value) {
    const ints = Array.isArray(value) ? value : value.ints;
    w.packedInts(ATTRIBUTE.ints, ints);
    w.int(ATTRIBUTE.type, ATTRIBUTE_TYPE.ints);
  } else {
    w.float32(ATTRIBUTE.f, value.float);
    w.int(ATTRIBUTE.type, ATTRIBUTE_TYPE.float);
  }
}

function rawBytes(tensor: OnnxTensor): Uint8Array {
  const n = tensor.values.length;
  if (tensor.type === onnxType.double) return new Uint8Array(Float64Array.from(tensor.values).buffer);
  if (tensor.type === onnxType.float) return new Uint8Array(Float32Array.from(tensor.values).buffer);
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) out[i] = BigInt(tensor.values[i]);
  return new Uint8Array(out.buffer);
}

function writeTensor(w: ProtoWriter, tensor: OnnxTensor): void {
  const expected = tensor.dims.reduce((a, b) => a * b, 1);
  if (expected !== tensor.values.length) throw new Error(`ONNX tensor ${tensor.name}: dims ${tensor.dims.join('x')} need ${expected} values, got ${tensor.values.length}`);
  w.packedInts(TENSOR.dims, tensor.dims);
  w.int(TENSOR.dataType, tensor.type);
  w.string(TENSOR.name, tensor.name);
  // raw_data is little-endian, which typed arrays are on every platform Node and Electron run on.
  w.bytes(TENSOR.rawData, rawBytes(tensor));
}

function writeValueInfo(w: ProtoWriter, info: OnnxValueInfo): void {
  w.string(1, info.name);
  w.message(2, (type) => {
    type.message(1, (tensorType) => {
      tensorType.int(1, info.type);
      tensorType.message(2, (shape) => {
        for (const d of info.dims) {
          shape.message(1, (dim) => {
            if (typeof d === 'number') dim.int(1, d);
            else dim.string(2, d);
          });
        }
      });
    });
  });
}

/** Serialises the model as ONNX protobuf bytes. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int(MODEL.irVersion, 8);
  w.string(MODEL.producerName, model.producerName);
  w.string(MODEL.producerVersion, model.producerVersion);
  if (model.docString) w.string(MODEL.docString, model.docString);
  w.message(MODEL.graph, (g) => {
    model.graph.nodes.forEach((node, i) => {
      g.message(GRAPH.node, (n) => {
        for (const input of node.inputs) n.string(NODE.input, input);
        for (const output of node.outputs) n.string(NODE.output, output);
        n.string(NODE.name, node.name ?? `${node.op}_${i}`);
        n.string(NODE.opType, node.op);
        for (const [name, value] of Object.entries(node.attributes ?? {})) n.message(NODE.attribute, (a) => writeAttribute(a, name, value));
      });
    });
    g.string(GRAPH.name, model.graph.name);
    for (const t of model.graph.initializers) g.message(GRAPH.initializer, (tw) => writeTensor(tw, t));
    for (const input of model.graph.inputs) g.message(GRAPH.input, (iw) => writeValueInfo(iw, input));
    for (const output of model.graph.outputs) g.message(GRAPH.output, (ow) => writeValueInfo(ow, output));
  });
  w.message(MODEL.opsetImport, (o) => {
    o.string(1, '');
    o.int(2, model.opset);
  });
  for (const [key, value] of Object.entries(model.metadata)) {
    w.message(MODEL.metadataProps, (m) => {
      m.string(1, key);
      m.string(2, value);
    });
  }
  return w.finish();
}

/** The metadata_props of an ONNX model file, decoded from its bytes. */
export function readModelMetadata(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const decoder = new TextDecoder();
  for (const f of readFields(bytes)) {
    if (f.field !== MODEL.metadataProps || !(f.value instanceof Uint8Array)) continue;
    let key = '';
    let value = '';
    for (const kv of readFields(f.value)) {
      if (kv.value instanceof Uint8Array && kv.field === 1) key = decoder.decode(kv.value);
      if (kv.value instanceof Uint8Array && kv.field === 2) value = decoder.decode(kv.value);
    }
    out[key] = value;
  }
  return out;
}
