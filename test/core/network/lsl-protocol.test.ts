// LSL messages built by hand from liblsl's published protocol (udp_server, tcp_server, data_receiver, sample, portable archive), read and written by our codecs.
import { describe, expect, it } from 'vitest';
import {
  datagramMethod, encodeFeedRequest100, encodeFeedRequest110, encodeFeedResponse110, encodeQuery, encodeQueryReply, encodeTimeReply,
  encodeTimeRequest, parseFeedResponse, parseOutletRequest, parseQuery, parseQueryReply, parseTimeReply, parseTimeRequest, probeEstimate, timeCorrection,
} from '../../../src-main/core/network/lsl-messages.ts';
import {
  encodeBlock110, encodeSamples110, LslArchiveWriter, lslTestPattern, LslSampleReader, readArchiveHeader, samplesEqual, type LslSample,
} from '../../../src-main/core/network/lsl-samples.ts';
import { lslChannels, lslDescription, matchesQuery, microvoltsPer, parseStreamInfo, streamInfoXml, type LslStreamInfo } from '../../../src-main/core/network/lsl-stream-info.ts';
import type { LslChannelFormat } from '../../../src-main/core/network/lsl-stream-info.ts';

const ascii = (text: string) => new TextEncoder().encode(text);
const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/).map((h) => parseInt(h, 16)));

/** A short info as liblsl's pugixml writes it (tab indentation, empty elements as `<x />`). */
const LIBLSL_SHORTINFO = `<?xml version="1.0"?>
<info>
\t<name>BioSemi</name>
\t<type>EEG</type>
\t<channel_count>8</channel_count>
\t<channel_format>float32</channel_format>
\t<source_id>myuid34234</source_id>
\t<nominal_srate>100.000000000000</nominal_srate>
\t<version>1.100000000000000</version>
\t<created_at>7285.123456789</created_at>
\t<uid>5a3ffe2c-1234-4d1e-9a7b-0f00c0ffee00</uid>
\t<session_id>default</session_id>
\t<hostname>lab-pc</hostname>
\t<v4address />
\t<v4data_port>16573</v4data_port>
\t<v4service_port>16572</v4service_port>
\t<v6address />
\t<v6data_port>16574</v6data_port>
\t<v6service_port>16575</v6service_port>
\t<desc />
</info>
`;

describe('LSL stream info', () => {
  it('reads the short info liblsl sends', () => {
    const info = parseStreamInfo(LIBLSL_SHORTINFO);
    expect(info).toMatchObject({
      name: 'BioSemi', type: 'EEG', channelCount: 8, channelFormat: 'float32', sourceId: 'myuid34234', nominalSrate: 100, version: 110,
      createdAt: 7285.123456789, uid: '5a3ffe2c-1234-4d1e-9a7b-0f00c0ffee00', sessionId: 'default', hostname: 'lab-pc', v4address: '',
      v4dataPort: 16573, v4servicePort: 16572, v6dataPort: 16574, v6servicePort: 16575,
    });
    expect(lslChannels(info).map((c) => c.label)).toEqual(['BioSemi 1', 'BioSemi 2', 'BioSemi 3', 'BioSemi 4', 'BioSemi 5', 'BioSemi 6', 'BioSemi 7', 'BioSemi 8']);
  });

  it('reads channel labels and units from a full info, and converts voltage units to microvolts', () => {
    const full = LIBLSL_SHORTINFO.replace('\t<desc />', `\t<desc>
\t\t<channels>
\t\t\t<channel><label>C3</label><unit>microvolts</unit><type>EEG</type></channel>
\t\t\t<channel><label>C4 &amp; ref</label><unit>mV</unit><type>EEG</type></channel>
\t\t</channels>
\t\t<acquisition><manufacturer>BioSemi</manufacturer></acquisition>
\t</desc>`);
    const channels = lslChannels(parseStreamInfo(full));
    expect(channels.slice(0, 3)).toEqual([
      { label: 'C3', unit: 'microvolts', type: 'EEG' },
      { label: 'C4 & ref', unit: 'mV', type: 'EEG' },
      { label: 'BioSemi 3', unit: '', type: '' },
    ]);
    expect([microvoltsPer('microvolts'), microvoltsPer('µV'), microvoltsPer('mV'), microvoltsPer('V'), microvoltsPer('g')]).toEqual([1, 1, 1000, 1e6, null]);
  });

  it('writes the fields liblsl reads, in its order, and reads its own output back', () => {
    const info: LslStreamInfo = {
      ...parseStreamInfo(LIBLSL_SHORTINFO), name: 'NeuroFeat <EEG>', desc: lslDescription([{ label: 'Cz', unit: 'microvolts', type: 'EEG' }], { manufacturer: 'NeuroFeat' }),
    };
    const xml = streamInfoXml(info, true);
    expect(xml.startsWith('<?xml version="1.0"?>\n<info>\n\t<name>NeuroFeat &lt;EEG&gt;</name>\n\t<type>EEG</type>\n\t<channel_count>8</channel_count>')).toBe(true);
    const order = ['name', 'type', 'channel_count', 'channel_format', 'source_id', 'nominal_srate', 'version', 'created_at', 'uid', 'session_id', 'hostname', 'v4address', 'v4data_port', 'v4service_port', 'v6address', 'v6data_port', 'v6service_port', 'desc'];
    const positions = order.map((name) => xml.indexOf(`<${name}`));
    expect(positions.every((p, i) => p > 0 && (i === 0 || p > positions[i - 1]))).toBe(true);
    expect(xml).toContain('<version>1.1</version>');
    const back = parseStreamInfo(xml);
    expect(back.name).toBe('NeuroFeat <EEG>');
    expect(lslChannels(back)[0]).toEqual({ label: 'Cz', unit: 'microvolts', type: 'EEG' });
    expect(streamInfoXml(info, false)).toContain('\t<desc />\n');
  });

  it('refuses malformed or hostile descriptions with the field named', () => {
    expect(() => parseStreamInfo(LIBLSL_SHORTINFO.replace('float32', 'float16'))).toThrow(/channel_format.*float16/);
    expect(() => parseStreamInfo(LIBLSL_SHORTINFO.replace('<channel_count>8', '<channel_count>-3'))).toThrow(/channel_count/);
    expect(() => parseStreamInfo(LIBLSL_SHORTINFO.replace('<name>BioSemi</name>', '<name></name>'))).toThrow(/<name> is empty/);
    expect(() => parseStreamInfo(LIBLSL_SHORTINFO.replace('</info>', ''))).toThrow(/not closed/);
    expect(() => parseStreamInfo('<!DOCTYPE x [<!ENTITY a "b">]><info/>')).toThrow(/document type/);
    expect(() => parseStreamInfo('<info>' + '<a>'.repeat(100) + '</a>'.repeat(100) + '</info>')).toThrow(/nested deeper/);
  });

  it('matches the queries liblsl resolvers send', () => {
    const info = parseStreamInfo(LIBLSL_SHORTINFO);
    expect(matchesQuery(info, '')).toBe(true);
    expect(matchesQuery(info, "session_id='default'")).toBe(true);
    expect(matchesQuery(info, "session_id='default' and name='BioSemi'")).toBe(true);
    expect(matchesQuery(info, "session_id='default' and name='Other'")).toBe(false);
    expect(matchesQuery(info, "channel_count='8' and name='BioSemi' and type='EEG' and source_id='myuid34234' and channel_format='float32'")).toBe(true);
    expect(matchesQuery(info, "type='Markers' or starts-with(name,'Bio')")).toBe(true);
    expect(matchesQuery(info, "contains(hostname, 'lab') and not(type='EEG')")).toBe(false);
    expect(matchesQuery(info, 'channel_count=8 and nominal_srate=100')).toBe(true);
    expect(matchesQuery(info, "name!='BioSemi'")).toBe(false);
    expect(() => matchesQuery(info, 'sum(channel_count)=8')).toThrow(/sum\(\) is not supported/);
    expect(() => matchesQuery(info, "name='a' and")).toThrow(/unexpected end/);
  });
});

describe('LSL discovery and clock datagrams', () => {
  it('reads and writes the shortinfo query', () => {
    const bytes = ascii("LSL:shortinfo\r\nsession_id='default' and name='EEG'\r\n16600 1234567890123\r\n");
    expect(datagramMethod(bytes)).toBe('LSL:shortinfo');
    expect(parseQuery(bytes)).toEqual({ query: "session_id='default' and name='EEG'", returnPort: 16600, queryId: '1234567890123' });
    expect(encodeQuery({ query: "session_id='default' and name='EEG'", returnPort: 16600, queryId: '1234567890123' })).toEqual(bytes);
    expect(() => parseQuery(ascii('LSL:shortinfo\r\nx\r\n99999 1\r\n'))).toThrow(/return port/);
  });

  it('reads and writes the query reply: the id, CR LF, the short info', () => {
    const bytes = ascii('1234567890123\r\n' + LIBLSL_SHORTINFO);
    expect(parseQueryReply(bytes)).toEqual({ queryId: '1234567890123', shortinfo: LIBLSL_SHORTINFO });
    expect(encodeQueryReply('1234567890123', LIBLSL_SHORTINFO)).toEqual(bytes);
  });

  it('reads and writes time probes and their replies, and estimates the offset as NTP does', () => {
    const request = ascii('LSL:timedata\r\n42 1000.125\r\n');
    expect(datagramMethod(request)).toBe('LSL:timedata');
    expect(parseTimeRequest(request)).toEqual({ waveId: 42, t0: 1000.125 });
    expect(encodeTimeRequest(42, 1000.125)).toEqual(request);
    const reply = ascii(' 42 1000.125 2000.25 2000.375');
    expect(parseTimeReply(reply)).toEqual({ waveId: 42, t0: 1000.125, t1: 2000.25, t2: 2000.375 });
    expect(encodeTimeReply(42, 1000.125, 2000.25, 2000.375)).toEqual(reply);
    // The remote clock runs 1000 s ahead; 10 ms each way, 125 ms spent at the remote end.
    const p = probeEstimate(1000, 2000.01, 2000.135, 1000.145);
    expect(p.rtt).toBeCloseTo(0.02, 12);
    expect(p.offset).toBeCloseTo(1000, 12);
    const probes = [{ rtt: 0.004, offset: 1000.002 }, { rtt: 0.001, offset: 1000.0004 }, { rtt: 0.003, offset: 999.998 }, { rtt: 0.002, offset: 1000.001 }, { rtt: 0.005, offset: 1000.003 }, { rtt: 0.006, offset: 999.99 }];
    expect(timeCorrection(probes)).toEqual({ correction: -1000.0004, uncertainty: 0.001 });
    expect(timeCorrection(probes.slice(0, 5))).toBeNull();
  });
});

describe('LSL stream feed negotiation', () => {
  it('reads the 1.10 request liblsl inlets send, and writes one the outlet reads', () => {
    const liblslRequest = ascii([
      'LSL:streamfeed/110 5a3ffe2c-1234-4d1e-9a7b-0f00c0ffee00', 'Native-Byte-Order: 1234', 'Endian-Performance: 1234567', 'Has-IEEE754-Floats: 1',
      'Supports-Subnormals: 1', 'Value-Size: 4', 'Data-Protocol-Version: 110', 'Max-Buffer-Length: 36000', 'Max-Chunk-Length: 0', 'Hostname: lab-pc',
      'Source-Id: myuid34234', 'Session-Id: default', '', '',
    ].join('\r\n'));
    const parsed = parseOutletRequest(liblslRequest);
    expect(parsed?.consumed).toBe(liblslRequest.length);
    expect(parsed?.request).toMatchObject({ kind: 'feed', protocolVersion: 110, uid: '5a3ffe2c-1234-4d1e-9a7b-0f00c0ffee00', maxBufferLength: 36000, maxChunkLength: 0 });
    expect(parseOutletRequest(liblslRequest.subarray(0, 60))).toBeNull();
    const ours = encodeFeedRequest110('abc', { valueSize: 8, maxBufferLength: 720000, maxChunkLength: 0, hostname: 'h', sourceId: 's', sessionId: 'default', supportsSubnormals: true });
    const back = parseOutletRequest(ours);
    expect(back?.request).toMatchObject({ kind: 'feed', protocolVersion: 110, uid: 'abc', maxBufferLength: 720000 });
    expect(back?.request.kind === 'feed' && back.request.headers).toMatchObject({ 'native-byte-order': '1234', 'value-size': '8', 'data-protocol-version': '110', 'session-id': 'default' });
  });

  it('reads the 1.00 request and the fullinfo and shortinfo requests', () => {
    expect(parseOutletRequest(ascii('LSL:streamfeed\r\n360 0\r\n'))).toEqual({ request: { kind: 'feed', protocolVersion: 100, uid: '', headers: {}, maxBufferLength: 360, maxChunkLength: 0 }, consumed: 23 });
    expect(encodeFeedRequest100(360, 0)).toEqual(ascii('LSL:streamfeed\r\n360 0\r\n'));
    expect(parseOutletRequest(ascii('LSL:fullinfo\r\n'))).toEqual({ request: { kind: 'fullinfo' }, consumed: 14 });
    expect(parseOutletRequest(ascii("LSL:shortinfo\r\nname='x'\r\n"))?.request).toEqual({ kind: 'shortinfo', query: "name='x'" });
    expect(() => parseOutletRequest(ascii('GET / HTTP/1.1\r\n'))).toThrow(/unknown method/);
    expect(() => parseOutletRequest(new Uint8Array(70_000).fill(65))).toThrow(/no line end/);
  });

  it('reads the outlet response (status line, parameters, empty line) and writes it', () => {
    const liblslResponse = ascii('LSL/110 200 OK\r\nUID: 5a3f\r\nByte-Order: 1234\r\nSuppress-Subnormals: 0\r\nData-Protocol-Version: 110\r\n\r\n');
    expect(parseFeedResponse(liblslResponse)).toEqual({
      response: { status: 200, message: 'OK', uid: '5a3f', bigEndian: false, suppressSubnormals: false, dataProtocolVersion: 110 }, consumed: liblslResponse.length,
    });
    expect(encodeFeedResponse110('5a3f', 110)).toEqual(liblslResponse);
    expect(parseFeedResponse(ascii('LSL/110 200 OK\r\nUID: 5a3f\r\nByte-Order: 4321\r\nData-Protocol-Version: 110\r\n\r\n'))?.response.bigEndian).toBe(true);
    expect(parseFeedResponse(ascii('LSL/110 404 Not found'))).toBeNull();
    expect(parseFeedResponse(ascii('LSL/110 404 Not found'), true)?.response.status).toBe(404);
    expect(parseFeedResponse(ascii('LSL/110 200 OK\r\nUID: 5a3f\r\n'))).toBeNull();
    expect(() => parseFeedResponse(ascii('HTTP/1.1 200 OK\r\n\r\n'))).toThrow(/malformed response/);
  });
});

describe('LSL test pattern', () => {
  it('follows the published pattern for every format (offsets 4 and 2, odd channels negated)', () => {
    const pattern = (format: LslChannelFormat, offset: number) => lslTestPattern(format, 3, offset).values;
    expect(pattern('float32', 4)).toEqual([4, -5, 6]);
    expect(pattern('float32', 2)).toEqual([2, -3, 4]);
    expect(pattern('double64', 4)).toEqual([16777221, -16777222, 16777223]);
    expect(pattern('int8', 4)).toEqual([5, -6, 7]);
    expect(pattern('int16', 4)).toEqual([261, -262, 263]);
    expect(pattern('int32', 2)).toEqual([65539, -65540, 65541]);
    expect(pattern('int64', 4)).toEqual([2147483653, -2147483654, 2147483655]);
    expect(pattern('string', 4)).toEqual(['10', '-11', '12']);
    expect(lslTestPattern('int8', 3, 4).timestamp).toBe(123456.789);
    // 8-bit values wrap at 127: channel 122 is (122 + 4 + 1) % 127 = 0, channel 123 is -(128 % 127) = -1.
    expect(lslTestPattern('int8', 124, 4).values.slice(122)).toEqual([0, -1]);
  });
});

describe('LSL samples, protocol 1.10', () => {
  const cases: { format: LslChannelFormat; sample: LslSample; bytes: string }[] = [
    { format: 'float32', sample: { timestamp: 1.5, values: [1, -2] }, bytes: '02 00 00 00 00 00 00 f8 3f 00 00 80 3f 00 00 00 c0' },
    { format: 'double64', sample: { timestamp: null, values: [0.5] }, bytes: '01 00 00 00 00 00 00 e0 3f' },
    { format: 'int8', sample: { timestamp: null, values: [-1, 127] }, bytes: '01 ff 7f' },
    { format: 'int16', sample: { timestamp: null, values: [-2, 258] }, bytes: '01 fe ff 02 01' },
    { format: 'int32', sample: { timestamp: null, values: [65536] }, bytes: '01 00 00 01 00' },
    { format: 'int64', sample: { timestamp: null, values: [-2] }, bytes: '01 fe ff ff ff ff ff ff ff' },
    { format: 'string', sample: { timestamp: 2, values: ['hi', ''] }, bytes: '02 00 00 00 00 00 00 00 40 01 02 68 69 01 00' },
  ];

  for (const { format, sample, bytes } of cases) {
    it(`${format}: reads the bytes a byte at a time, and writes the same bytes`, () => {
      const wire = hex(bytes);
      expect(encodeSamples110(format, [sample])).toEqual(wire);
      const reader = new LslSampleReader(format, sample.values.length, 110);
      for (let end = 0; end < wire.length; end++) expect(reader.read(wire, 0, end)).toBe(-1);
      expect(reader.read(wire, 0, wire.length)).toBe(wire.length);
      expect(reader.sample()).toEqual(sample);
    });
  }

  it('reads strings longer than 255 bytes (4-byte length) and refuses oversized ones', () => {
    const long = 'x'.repeat(300);
    const wire = new Uint8Array([1, 4, 0x2c, 0x01, 0, 0, ...ascii(long)]);
    expect(encodeSamples110('string', [{ timestamp: null, values: [long] }])).toEqual(wire);
    const reader = new LslSampleReader('string', 1, 110);
    expect(reader.read(wire, 0, wire.length)).toBe(wire.length);
    expect(reader.strings[0]).toBe(long);
    const small = new LslSampleReader('string', 1, 110, { maxStringBytes: 100 });
    expect(() => small.read(wire, 0, wire.length)).toThrow(/300 bytes, more than the 100/);
    expect(() => reader.read(hex('01 03 00 00 00'), 0, 5)).toThrow(/string length of 3 bytes/);
  });

  it('reads big-endian samples when the outlet says Byte-Order 4321, and refuses an unknown tag', () => {
    const reader = new LslSampleReader('float32', 2, 110, { bigEndian: true });
    const wire = hex('02 3f f8 00 00 00 00 00 00 3f 80 00 00 c0 00 00 00');
    expect(reader.read(wire, 0, wire.length)).toBe(wire.length);
    expect(reader.sample()).toEqual({ timestamp: 1.5, values: [1, -2] });
    expect(() => reader.read(hex('07 00'), 0, 2)).toThrow(/sample tag 7/);
  });

  it('writes channel-major blocks: the first time stamp transmitted, the rest deduced', () => {
    const block = encodeBlock110('int16', 2, 2, [1, 2, -1, -2], 10, 100, true);
    expect(block).toEqual(hex('02 00 00 00 00 00 00 24 40 01 00 ff ff 01 02 00 fe ff'));
    const explicit = encodeBlock110('int16', 1, 2, [1, 2], 10, 4, false);
    expect(explicit).toEqual(hex('02 00 00 00 00 00 00 24 40 01 00 02 00 00 00 00 00 80 24 40 02 00'));
  });

  it('compares test patterns as liblsl does (float32 at single precision)', () => {
    expect(samplesEqual('float32', { timestamp: 1, values: [0.1] }, { timestamp: 1, values: [Math.fround(0.1)] })).toBe(true);
    expect(samplesEqual('double64', { timestamp: 1, values: [0.1] }, { timestamp: 1, values: [Math.fround(0.1)] })).toBe(false);
    expect(samplesEqual('int8', { timestamp: 1, values: [1] }, { timestamp: 2, values: [1] })).toBe(false);
  });
});

describe('LSL samples, protocol 1.00 (portable binary archive)', () => {
  it('reads the archive header: magic 127, version 9, the short info as a length-prefixed string', () => {
    const wire = hex('7f 01 09 01 03 61 62 63');
    expect(readArchiveHeader(wire, 0, wire.length)).toEqual({ shortinfo: 'abc', next: 8 });
    expect(readArchiveHeader(wire, 0, 6)).toBeNull();
    expect(new LslArchiveWriter('float32').header('abc')).toEqual(wire);
    expect(() => readArchiveHeader(hex('7e 01 09'), 0, 3)).toThrow(/expected 127/);
  });

  const cases: { format: LslChannelFormat; samples: LslSample[]; bytes: string }[] = [
    // first sample of the archive: two zero bytes of class information; tag 2 as (size 1, 2); the time stamp's bits; values' bits.
    { format: 'float32', samples: [{ timestamp: 1.5, values: [1, 0] }], bytes: '00 00 01 02 08 00 00 00 00 00 00 f8 3f 04 00 00 80 3f 00' },
    { format: 'double64', samples: [{ timestamp: null, values: [0.5] }], bytes: '00 00 01 01 08 00 00 00 00 00 00 e0 3f' },
    { format: 'int8', samples: [{ timestamp: null, values: [-5, 5] }], bytes: '00 00 01 01 ff fb 01 05' },
    { format: 'int16', samples: [{ timestamp: null, values: [-200, 300, -1] }], bytes: '00 00 01 01 ff 38 02 2c 01 ff ff' },
    { format: 'int32', samples: [{ timestamp: null, values: [-65536, 0] }], bytes: '00 00 01 01 fe 00 00 00' },
    { format: 'int64', samples: [{ timestamp: null, values: [2147483653] }, { timestamp: null, values: [-2147483654] }], bytes: '00 00 01 01 04 05 00 00 80 01 01 fc fa ff ff 7f' },
    { format: 'string', samples: [{ timestamp: null, values: ['ok'] }, { timestamp: null, values: [''] }], bytes: '00 00 01 01 01 02 6f 6b 01 01 00' },
  ];

  for (const { format, samples, bytes } of cases) {
    it(`${format}: reads the archive's compressed values and writes the same bytes`, () => {
      const wire = hex(bytes);
      expect(new LslArchiveWriter(format).samples(samples)).toEqual(wire);
      const reader = new LslSampleReader(format, samples[0].values.length, 100);
      let at = 0;
      for (const expected of samples) {
        let next = -1;
        for (let end = at; next === -1 && end <= wire.length; end++) next = reader.read(wire, at, end);
        expect(next).toBeGreaterThan(at);
        expect(reader.sample()).toEqual(expected);
        at = next;
      }
      expect(at).toBe(wire.length);
    });
  }

  it('refuses values wider than their type', () => {
    const reader = new LslSampleReader('int16', 1, 100);
    expect(() => reader.read(hex('00 00 01 01 04 00 00 00 01'), 0, 9)).toThrow(/4 bytes.*type's 2/);
  });
});
