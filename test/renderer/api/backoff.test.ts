// Reconnection delays double from the base up to the ceiling.
import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from '../../../src-renderer/src/api/backoff.ts';
import { hostSocketUrl } from '../../../src-renderer/src/api/host-url.ts';

describe('reconnectDelayMs', () => {
  it('doubles and caps', () => {
    const options = { baseMs: 250, maxMs: 5000 };
    expect([1, 2, 3, 4, 5, 6, 7, 100].map((a) => reconnectDelayMs(a, options))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('refuses attempt numbers below 1', () => {
    expect(() => reconnectDelayMs(0)).toThrow(/attempt/);
  });
});

describe('hostSocketUrl', () => {
  it('builds the WebSocket address from the page address and its token', () => {
    expect(hostSocketUrl({ protocol: 'http:', host: '127.0.0.1:4321', search: '?token=a+b/c' })).toBe('ws://127.0.0.1:4321/api?token=a%20b%2Fc');
    expect(hostSocketUrl({ protocol: 'https:', host: 'h:1', search: '?token=x' })).toBe('wss://h:1/api?token=x');
    // No token in the address: the host's cookie authorises the handshake.
    expect(hostSocketUrl({ protocol: 'http:', host: 'h:1', search: '' })).toBe('ws://h:1/api');
    expect(hostSocketUrl({ protocol: 'file:', host: '', search: '?token=x' })).toBeNull();
  });
});
