import { describe, expect, it } from 'vitest';
import { decodeTriggerAck, decodeTriggerMessage, encodeTriggerAck, encodeTriggerMessage, type TriggerMessage } from '../../../src-main/core/online/trigger-message.ts';
import { encodeTriggerCommand, formatTriggerOutputSpec, parseTriggerCommand, parseTriggerOutputSpec } from '../../../src-main/core/online/trigger-output-spec.ts';

describe('parseTriggerOutputSpec', () => {
  it('reads serial ports with and without a baud rate, and TCP addresses', () => {
    expect(parseTriggerOutputSpec('serial:/dev/ttyUSB0')).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 });
    expect(parseTriggerOutputSpec('serial:/dev/ttyACM1@9600')).toEqual({ kind: 'serial', path: '/dev/ttyACM1', baudRate: 9600 });
    expect(parseTriggerOutputSpec('serial:COM3@57600')).toEqual({ kind: 'serial', path: 'COM3', baudRate: 57600 });
    expect(parseTriggerOutputSpec('tcp:127.0.0.1:5005')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 5005 });
    expect(parseTriggerOutputSpec('tcp:robot.local:80')).toEqual({ kind: 'tcp', host: 'robot.local', port: 80 });
    expect(parseTriggerOutputSpec('tcp:[::1]:5005')).toEqual({ kind: 'tcp', host: '::1', port: 5005 });
  });

  it('writes a spec back as text that parses to the same spec', () => {
    for (const text of ['serial:/dev/ttyUSB0@9600', 'tcp:127.0.0.1:5005', 'tcp:[::1]:7']) {
      expect(formatTriggerOutputSpec(parseTriggerOutputSpec(text))).toBe(text);
    }
  });

  it.each([
    ['', /expected serial:PATH\[@BAUD\] or tcp:HOST:PORT/],
    ['udp:127.0.0.1:5005', /expected serial:PATH\[@BAUD\] or tcp:HOST:PORT/],
    ['/dev/ttyUSB0', /expected serial:PATH/],
    ['serial:', /the serial port is missing/],
    ['serial:@9600', /the serial port is missing/],
    ['serial:/dev/ttyUSB0@fast', /baud rate 'fast' is not one of 1200, /],
    ['serial:/dev/ttyUSB0@12345', /baud rate '12345' is not one of/],
    ['serial:/dev/ttyUSB0@', /baud rate '' is not one of/],
    ['tcp:127.0.0.1', /the host and the port are both needed/],
    ['tcp::5005', /the host and the port are both needed/],
    ['tcp:127.0.0.1:0', /port 0 is not from 1 to 65535/],
    ['tcp:127.0.0.1:70000', /port 70000 is not from 1 to 65535/],
    ['tcp:127.0.0.1:50x', /the host and the port are both needed/],
    ['tcp:::1:5005', /the host and the port are both needed/],
  ])('refuses %j, saying what is wrong', (text, message) => {
    expect(() => parseTriggerOutputSpec(text)).toThrow(message);
  });
});

describe('trigger commands', () => {
  const values = { className: 'left', code: 769, index: 1 as const, output: -0.8312, sample: 12345 };

  it('fills a text command and decodes its escapes into bytes', () => {
    const command = parseTriggerCommand('text:STIM {class} {code} {index} {output} @{sample}\\r\\n');
    expect(Buffer.from(encodeTriggerCommand(command as Exclude<typeof command, { kind: 'json' }>, values)).toString('latin1')).toBe('STIM left 769 1 -0.831 @12345\r\n');
    const raw = parseTriggerCommand('text:\\x02GO\\t\\\\\\xff');
    expect([...encodeTriggerCommand(raw as Exclude<typeof raw, { kind: 'json' }>, values)]).toEqual([0x02, 0x47, 0x4f, 0x09, 0x5c, 0xff]);
  });

  it('sends hex bytes as they are, with the class index where asked', () => {
    const command = parseTriggerCommand('hex:A5 01:{index},ff');
    expect(command).toEqual({ kind: 'hex', parts: [0xa5, 0x01, 'index', 0xff] });
    expect([...encodeTriggerCommand(command as Exclude<typeof command, { kind: 'json' }>, { ...values, index: 2 })]).toEqual([0xa5, 0x01, 0x02, 0xff]);
  });

  it.each([
    ['xml', /expected json, text:TEMPLATE or hex:BYTES/],
    ['text:', /the text is empty/],
    ['text:GO {hand}', /unknown placeholder \{hand\}; allowed: \{class\}/],
    ['text:GO\\q', /unknown escape '\\q'/],
    ['text:GO\\', /unknown escape/],
    ['text:\u2192', /characters beyond \\xFF/],
    ['hex:', /no bytes after hex:/],
    ['hex:A5 1', /'1' is not a byte/],
    ['hex:GG', /'GG' is not a byte/],
    ['hex:{class}', /'\{class\}' is not a byte/],
  ])('refuses the command %j, saying what is wrong', (text, message) => {
    expect(() => parseTriggerCommand(text)).toThrow(message);
  });
});

describe('the trigger JSON line', () => {
  const message: TriggerMessage = { type: 'trigger', class: 'left', code: 769, output: -0.83123, sample: 12345, time: 49.38, sentAtMs: 1764489600123.4, seq: 3 };

  it('is one line with the documented fields, decoded back to the same values', () => {
    const line = encodeTriggerMessage(message);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ type: 'trigger', class: 'left', code: 769, output: -0.8312, sample: 12345, time: 49.38, sentAtMs: 1764489600123, seq: 3 });
    expect(decodeTriggerMessage(line.trim())).toEqual({ ...message, output: -0.8312, sentAtMs: 1764489600123 });
  });

  it('is not mistaken in other text, bad JSON or a line missing a field', () => {
    expect(decodeTriggerMessage('STIM left')).toBeNull();
    expect(decodeTriggerMessage('{"type":"trigger"')).toBeNull();
    expect(decodeTriggerMessage('null')).toBeNull();
    expect(decodeTriggerMessage(JSON.stringify({ ...message, sample: undefined }))).toBeNull();
    expect(decodeTriggerMessage(JSON.stringify({ ...message, type: 'ack' }))).toBeNull();
  });

  it('acknowledgements round-trip and are told from other lines', () => {
    expect(decodeTriggerAck(encodeTriggerAck(7).trim())).toEqual({ type: 'ack', seq: 7 });
    expect(decodeTriggerAck('{"type":"ack"}')).toBeNull();
    expect(decodeTriggerAck('OK')).toBeNull();
    expect(decodeTriggerAck('null')).toBeNull();
  });
});
