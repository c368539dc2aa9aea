// Opening serial ports: every failure names the port and what to do about it.
import { afterEach, describe, expect, it } from 'vitest';
import { describeOpenError, SerialLink } from '../../../src-main/engine/devices/serial-link.ts';
import { createPtyPair, type PtyPair } from '../../support/pty-pair.ts';

let pty: PtyPair | null = null;
afterEach(async () => {
  await pty?.close();
  pty = null;
});

describe('SerialLink', () => {
  it('refuses a port another program holds, naming it as busy', { timeout: 15000 }, async () => {
    pty = await createPtyPair();
    const holder = await SerialLink.open(pty.host, 115200);
    try {
      await expect(SerialLink.open(pty.host, 115200)).rejects.toThrow(/serial port .*host is busy: another program .* holds it/);
    } finally {
      await holder.close();
    }
    const again = await SerialLink.open(pty.host, 115200);
    await again.close();
  });

  it('explains missing ports, permissions and locks from the errors serialport gives', () => {
    expect(describeOpenError('/dev/ttyUSB0', new Error('Error: No such file or directory, cannot open /dev/ttyUSB0')).message).toMatch(/does not exist: check the cable/);
    expect(describeOpenError('/dev/ttyUSB0', new Error('Error: Permission denied, cannot open /dev/ttyUSB0')).message).toMatch(/permission denied; on Linux add the user to the 'dialout' group/);
    expect(describeOpenError('COM3', new Error('Opening COM3: Access denied')).message).toMatch(/permission denied/);
    expect(describeOpenError('/dev/ttyUSB0', new Error('Error Resource temporarily unavailable Cannot lock port')).message).toMatch(/is busy/);
    const other = describeOpenError('/dev/ttyUSB0', new Error('Error: Input/output error'));
    expect(other.code).toBe('failed');
    expect(other.message).toBe('serial port /dev/ttyUSB0 could not be opened: Error: Input/output error');
  });
});
