// A minimal protocol-buffers writer (varints, length-delimited fields, packed arrays) for encoding ONNX models.

/** Appends protobuf wire data to a growing byte buffer. */
export class ProtoWriter {
  private buffer = new Uint8Array(1024);
  private length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  private byte(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value;
  }

  /** Unsigned varint of a non-negative integer up to 2^53, or a negative int64 in ten bytes (two's complement). */
  varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  private tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  int(field: number, value: number): void {
    this.tag(field, 0);
    this.varint(value);
  }

  bytes(field: number, data: Uint8Array): void {
    this.tag(field, 2);
    this.varint(data.length);
    this.ensure(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  string(field: number, text: string): void {
    this.bytes(field, new TextEncoder().encode(text));
  }

  message(field: number, write: (w: ProtoWriter) => void): void {
    const inner = new ProtoWriter();
    write(inner);
    this.bytes(field, inner.finish());
  }

  float32(field: number, value: number): void {
    this.tag(field, 5);
    this.ensure(4);
    new DataView(this.buffer.buffer, this.buffer.byteOffset + this.length, 4).setFloat32(0, value, true);
    this.length += 4;
  }

  /** Packed repeated varints (int64 dims, ints attributes). */
  packedInts(field: number, values: ArrayLike<number>): void {
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) inner.varint(values[i]);
    this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/** One field of a protobuf message as read: varint fields as numbers, length-delimited ones as bytes. */
export interface ProtoField {
  field: number;
  wireType: number;
  value: number | Uint8Array;
}

/** Reads the top-level fields of a protobuf message (enough to find ONNX metadata without a schema library). */
export function readFields(bytes: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 1;
    for (;;) {
      if (pos >= bytes.length) throw new Error('protobuf: truncated varint');
      const b = bytes[pos++];
      result += (b & 0x7f) * shift;
      if ((b & 0x80) === 0) return result;
      shift *= 128;
    }
  };
  while (pos < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    if (wireType === 0) fields.push({ field, wireType, value: varint() });
    else if (wireType === 2) {
      const length = varint();
      if (pos + length > bytes.length) throw new Error('protobuf: truncated field');
      fields.push({ field, wireType, value: bytes.subarray(pos, pos + length) });
      pos += length;
    } else if (wireType === 5) pos += 4;
    else if (wireType === 1) pos += 8;
    else throw new Error(`protobuf: unsupported wire type ${wireType}`);
  }
  return fields;
}
