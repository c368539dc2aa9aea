// A device's failure to open becomes the API's reason: the problem the driver named, what it is about, the driver's sentence kept.
import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../src-main/contract/errors.ts';
import { CoreError } from '../../../src-main/core/errors.ts';
import { deviceFailure, problemOf } from '../../../src-main/engine/devices/device-problems.ts';
import { createAppDevice, deviceDescriptors } from '../../../src-main/engine/devices/registry.ts';
import { describeOpenError } from '../../../src-main/engine/devices/serial-link.ts';

describe('device problems', () => {
  it('reads the serial port\'s errors as serialport words them on Linux', () => {
    expect(problemOf(describeOpenError('/dev/ttyUSB0', new Error('Error: No such file or directory, cannot open /dev/ttyUSB0')))).toBe('port-missing');
    expect(problemOf(describeOpenError('/dev/ttyUSB0', new Error('Error: Permission denied, cannot open /dev/ttyUSB0')))).toBe('port-denied');
    expect(problemOf(describeOpenError('/dev/ttyUSB0', new Error('Error Resource temporarily unavailable Cannot lock port')))).toBe('port-busy');
    expect(problemOf(describeOpenError('/dev/ttyUSB0', new Error('Error: Input/output error')))).toBe('failed');
  });

  it('keeps only problems of the closed set, and says what each is about', () => {
    expect(problemOf(new CoreError('failed', 'x', { problem: 'made-up' }))).toBe('failed');
    expect(problemOf(new Error('plain'))).toBe('failed');
    const busy = deviceFailure('cyton', new CoreError('bad-input', 'serial port COM3 is busy', { problem: 'port-busy' }), { port: 'COM3' });
    expect(busy.error).toMatchObject({
      code: 'device-unavailable', message: "The device 'cyton' could not be started: serial port COM3 is busy",
      detail: { reason: 'device-failed', params: { device: 'cyton', problem: 'port-busy', target: 'COM3', detail: 'serial port COM3 is busy' } },
    });
    expect(busy.error.recovery).toMatch(/Close the other program/);
    expect(deviceFailure('lsl', new CoreError('failed', 'none', { problem: 'stream-not-found' }), { stream: 'EEG', port: 'unused' }).error.detail).toMatchObject({ params: { target: 'EEG' } });
    expect(deviceFailure('rda', new CoreError('failed', 'refused', { problem: 'host-unreachable' }), { host: 'lab-pc' }).error.detail).toMatchObject({ params: { target: 'lab-pc' } });
  });

  it('refuses a device without what it needs, or an unknown device, before anything is opened', () => {
    const refusal = (request: Parameters<typeof createAppDevice>[0]) => {
      try {
        createAppDevice(request);
      } catch (error) {
        expect(error).toBeInstanceOf(ApiFailure);
        return (error as ApiFailure).error;
      }
      throw new Error('not refused');
    };
    for (const [device, problem] of [['cyton', 'needs-port'], ['unicorn', 'needs-port'], ['lsl', 'needs-stream'], ['rda', 'needs-host'], ['replay', 'needs-file']] as const) {
      expect(refusal({ device }), device).toMatchObject({ code: 'device-unavailable', detail: { reason: 'device-failed', params: { device, problem, target: null } } });
    }
    expect(refusal({ device: 'cyton', source: { port: '   ' } })).toMatchObject({ detail: { params: { problem: 'needs-port' } } });
    expect(refusal({ device: 'eeg-9000' })).toMatchObject({ code: 'unknown-device' });
    // Every listed device but the synthetic one needs something.
    expect(deviceDescriptors.filter((d) => d.needs === 'nothing').map((d) => d.id)).toEqual(['synthetic']);
  });
});
