// Writes small GDF 1.x and 2.x files from the specification (arXiv cs/0608052), independently of the reader, for tests.

export interface GeneratedChannel {
  label: string;
  /** GDF 1: text; GDF 2: the 6-byte text field (the code goes in `unitCode`). */
  unit: string;
  unitCode?: number;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  samplesPerRecord: number;
  /** GDF data type code: 1..8 integers, 16 float32, 17 float64, 279 int24. */
  dataType: number;
}

export interface GeneratedEvent {
  /** 1-based sample position at the event rate. */
  position: number;
  code: number;
  channel?: number;
  /** Samples. */
  duration?: number;
}

export interface GdfSpec {
  /** `1.25`, `2.10`, `2.20`, `2.22`... */
  version: string;
  channels: GeneratedChannel[];
  nRecords: number;
  /** Seconds per record as numerator/denominator (GDF < 2.21) or the float64 written at 2.21+. */
  recordDuration: [number, number];
  /** Digital value of a channel's sample (integer for integer types). */
  value: (channel: number, sample: number) => number;
  eventMode: 1 | 3;
  eventRate: number;
  events: GeneratedEvent[];
  /** Texts of user event codes 1..N (tag 1 of the GDF 2 tagged header). */
  descriptions?: string[];
}

const TYPE_BYTES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 8, 8: 8, 16: 4, 17: 8, 279: 3 };

export function generateGdf(spec: GdfSpec): Uint8Array {
  const version = Number(spec.version);
  const v2 = version > 1.9;
  const ns = spec.channels.length;
  let tags = new Uint8Array(0);
  if (v2 && spec.descriptions && spec.descriptions.length > 0) {
    const text = ['', ...spec.descriptions, ''].join('\0');
    const value = Uint8Array.from(text, (c) => c.charCodeAt(0));
    tags = new Uint8Array(4 + value.length + 1);
    tags[0] = 1;
    tags[1] = value.length & 0xff;
    tags[2] = (value.length >> 8) & 0xff;
    tags[3] = (value.length >> 16) & 0xff;
    tags.set(value, 4);
  }
  const headerBytes = 256 * (ns + 1) + Math.ceil(tags.length / 256) * 256;
  const recordBytes = spec.channels.reduce((sum, c) => sum + c.samplesPerRecord * TYPE_BYTES[c.dataType], 0);
  const entry = spec.eventMode === 3 ? 12 : 6;
  const eventBytes = 8 + spec.events.length * entry;
  const bytes = new Uint8Array(headerBytes + spec.nRecords * recordBytes + eventBytes);
  const view = new DataView(bytes.buffer);
  const text = (offset: number, width: number, value: string, pad = 0x20) => {
    for (let i = 0; i < width; i++) bytes[offset + i] = i < value.length ? value.charCodeAt(i) : pad;
  };

  text(0, 8, `GDF ${spec.version}`);
  if (v2) {
    text(8, 66, 'P01 Test_Patient', 0);
    text(88, 64, 'generated for NeuroFeat tests', 0);
    view.setUint16(184, headerBytes / 256, true);
    view.setUint16(252, ns, true);
  } else {
    text(8, 80, 'P01 Test_Patient');
    text(88, 80, 'generated for NeuroFeat tests');
    text(168, 16, '2020010112300000');
    view.setBigInt64(184, BigInt(headerBytes), true);
    view.setUint32(252, ns, true);
  }
  view.setBigInt64(236, BigInt(spec.nRecords), true);
  if (version >= 2.21) {
    view.setFloat64(244, spec.recordDuration[0] / spec.recordDuration[1], true);
  } else {
    view.setUint32(244, spec.recordDuration[0], true);
    view.setUint32(248, spec.recordDuration[1], true);
  }

  const base = 256;
  spec.channels.forEach((c, i) => {
    text(base + i * 16, 16, c.label, v2 ? 0 : 0x20);
    text(base + ns * 16 + i * 80, 80, 'test electrode', v2 ? 0 : 0x20);
    if (v2) {
      text(base + ns * 96 + i * 6, 6, c.unit, 0);
      view.setUint16(base + ns * 102 + i * 2, c.unitCode ?? 0, true);
      view.setFloat64(base + ns * 120 + i * 8, c.digitalMin, true);
      view.setFloat64(base + ns * 128 + i * 8, c.digitalMax, true);
      view.setFloat32(base + ns * 204 + i * 4, 100, true);
      view.setFloat32(base + ns * 208 + i * 4, 0.5, true);
      view.setFloat32(base + ns * 212 + i * 4, 50, true);
    } else {
      text(base + ns * 96 + i * 8, 8, c.unit);
      view.setBigInt64(base + ns * 120 + i * 8, BigInt(c.digitalMin), true);
      view.setBigInt64(base + ns * 128 + i * 8, BigInt(c.digitalMax), true);
      text(base + ns * 136 + i * 80, 80, 'HP:0.5Hz LP:100Hz');
    }
    view.setFloat64(base + ns * 104 + i * 8, c.physicalMin, true);
    view.setFloat64(base + ns * 112 + i * 8, c.physicalMax, true);
    view.setInt32(base + ns * 216 + i * 4, c.samplesPerRecord, true);
    view.setInt32(base + ns * 220 + i * 4, c.dataType, true);
  });
  bytes.set(tags, 256 * (ns + 1));

  let p = headerBytes;
  for (let r = 0; r < spec.nRecords; r++) {
    spec.channels.forEach((c, i) => {
      for (let k = 0; k < c.samplesPerRecord; k++) {
        const v = spec.value(i, r * c.samplesPerRecord + k);
        switch (c.dataType) {
          case 1: view.setInt8(p, v); break;
          case 2: view.setUint8(p, v); break;
          case 3: view.setInt16(p, v, true); break;
          case 4: view.setUint16(p, v, true); break;
          case 5: view.setInt32(p, v, true); break;
          case 6: view.setUint32(p, v, true); break;
          case 7: view.setBigInt64(p, BigInt(v), true); break;
          case 8: view.setBigUint64(p, BigInt(v), true); break;
          case 16: view.setFloat32(p, v, true); break;
          case 17: view.setFloat64(p, v, true); break;
          case 279: bytes[p] = v & 0xff; bytes[p + 1] = (v >> 8) & 0xff; bytes[p + 2] = (v >> 16) & 0xff; break;
          default: throw new Error(`type ${c.dataType}`);
        }
        p += TYPE_BYTES[c.dataType];
      }
    });
  }

  const n = spec.events.length;
  view.setUint8(p, spec.eventMode);
  if (version >= 1.94) {
    bytes[p + 1] = n & 0xff;
    bytes[p + 2] = (n >> 8) & 0xff;
    bytes[p + 3] = (n >> 16) & 0xff;
    view.setFloat32(p + 4, spec.eventRate, true);
  } else {
    bytes[p + 1] = spec.eventRate & 0xff;
    bytes[p + 2] = (spec.eventRate >> 8) & 0xff;
    bytes[p + 3] = (spec.eventRate >> 16) & 0xff;
    view.setUint32(p + 4, n, true);
  }
  p += 8;
  spec.events.forEach((e, i) => {
    view.setUint32(p + i * 4, e.position, true);
    view.setUint16(p + n * 4 + i * 2, e.code, true);
    if (spec.eventMode === 3) {
      view.setUint16(p + n * 6 + i * 2, e.channel ?? 0, true);
      view.setUint32(p + n * 8 + i * 4, e.duration ?? 0, true);
    }
  });
  return bytes;
}
