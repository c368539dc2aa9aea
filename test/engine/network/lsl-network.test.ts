// LSL's reach: this machine unless configured (targets, bound interfaces), checked on real sockets.
import net from 'node:net';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { bindAddress, describeScope, discoveryTargets, lslNetwork, multicastGroups } from '../../../src-main/engine/network/lsl-network.ts';
import { LslOutlet } from '../../../src-main/engine/network/lsl-outlet.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('LSL scope', () => {
  it('asks only 127.0.0.1 by default: the discovery port and each port of the range', () => {
    const config = lslNetwork();
    const targets = discoveryTargets(config);
    expect(new Set(targets.map((t) => t.address))).toEqual(new Set(['127.0.0.1']));
    expect(targets.map((t) => t.port)).toEqual([16571, ...Array.from({ length: 32 }, (_, i) => 16572 + i)]);
    expect(bindAddress(config)).toBe('127.0.0.1');
    expect(multicastGroups(config)).toEqual([]);
    expect(describeScope(config)).toBe('LSL reaches this machine only');
  });

  it('reaches the link, the site and known peers only when configured', () => {
    const link = lslNetwork({ scope: 'link' });
    expect([...new Set(discoveryTargets(link).map((t) => t.address))]).toEqual(['127.0.0.1', '255.255.255.255', '224.0.0.1', '224.0.0.183']);
    expect(bindAddress(link)).toBe('0.0.0.0');
    expect(multicastGroups(link)).toEqual(['224.0.0.1', '224.0.0.183']);
    const site = lslNetwork({ scope: 'site', knownPeers: ['10.0.0.7'] });
    const siteTargets = discoveryTargets(site);
    expect(siteTargets.filter((t) => t.port === 16571).map((t) => t.address)).toEqual(['127.0.0.1', '255.255.255.255', '224.0.0.1', '224.0.0.183', '239.255.172.215']);
    expect(siteTargets.filter((t) => t.address === '10.0.0.7')).toHaveLength(32);
    expect(describeScope(site)).toBe('LSL reaches this machine and the site network (multicast) and known peers 10.0.0.7');
    expect(bindAddress(lslNetwork({ knownPeers: ['lab-pc'] }))).toBe('0.0.0.0');
  });

  it('an outlet in the machine scope cannot be reached through the machine\'s network addresses', async () => {
    const outlet = await LslOutlet.open({ name: 'nf-scope', type: 'EEG', channelFormat: 'float32', nominalSrate: 100, channels: [{ label: 'Cz', unit: 'microvolts', type: 'EEG' }] }, { network: { multicastPort: 28571, basePort: 28572 } });
    cleanup.push(() => outlet.close());
    const connect = (host: string) => new Promise<string>((resolve) => {
      const socket = net.connect(outlet.info.v4dataPort, host);
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(await connect('127.0.0.1')).toBe('connected');
    const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) expect(await connect(external.address)).toBe('ECONNREFUSED');
  });
});
