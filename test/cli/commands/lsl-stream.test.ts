// `neurofeat stream` publishing the synthetic device, seen by `neurofeat lsl list` and read by our inlet; usage errors. On 127.0.0.1, LSL ports moved away from the defaults.
import { describe, expect, it } from 'vitest';
import type { SampleBlock } from '../../../src-main/engine/devices/device.ts';
import { LslInletDevice } from '../../../src-main/engine/network/lsl-device.ts';
import { main } from '../../../src-main/cli/main.ts';

const ports = ['--multicast-port', '27571', '--base-port', '27572'];
const network = { multicastPort: 27571, basePort: 27572 };

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

describe('neurofeat lsl and stream', () => {
  it('stream publishes the synthetic device with its labels; lsl list shows it; an inlet reads it', async () => {
    const streamer = capture();
    const running = main(['stream', '--device', 'synthetic', '--channels', '4', '--rate', '500', '--lsl', 'nf-cli-eeg', '--duration', '5', ...ports, '--json'], streamer.io);
    await new Promise((r) => setTimeout(r, 500));
    const lister = capture();
    expect(await main(['lsl', 'list', '--timeout', '0.8', ...ports, '--json'], lister.io)).toBe(0);
    const listed = JSON.parse(lister.out.join(''));
    expect(listed.scope).toBe('machine');
    expect(listed.streams).toEqual([expect.objectContaining({ name: 'nf-cli-eeg', type: 'EEG', channels: 4, sampleRateHz: 500, format: 'float32', address: '127.0.0.1', sourceId: 'neurofeat:synthetic' })]);
    const device = new LslInletDevice({ stream: 'nf-cli-eeg', network, resolveTimeoutMs: 2000 });
    const info = await device.open();
    expect(info.channels).toEqual(['Fp1', 'Fp2', 'F3', 'Fz']);
    expect(info.description).toContain('NeuroFeat synthetic');
    const blocks: SampleBlock[] = [];
    await device.start({ samples: (b) => blocks.push(b), marker: () => undefined, status: () => undefined, fault: () => undefined });
    await new Promise((r) => setTimeout(r, 500));
    await device.close();
    const received = blocks.reduce((n, b) => n + b.nSamples, 0);
    expect(received).toBeGreaterThan(100);
    expect(blocks.every((b) => b.samples.every((v) => Number.isFinite(v) && Math.abs(v) < 1000))).toBe(true);
    expect(await running).toBe(0);
    const summary = JSON.parse(streamer.out.join(''));
    expect(summary).toMatchObject({ device: 'synthetic', stream: 'nf-cli-eeg', sampleRateHz: 500, lostSamples: 0, fault: null });
    expect(summary.samples).toBeGreaterThan(1000);
  }, 15_000);

  it('refuses bad usage with exit code 2 and the flag named', async () => {
    const cases: [string[], RegExp][] = [
      [['lsl'], /expected a subcommand: list/],
      [['lsl', 'show'], /unknown subcommand 'show'/],
      [['lsl', 'list', '--scope', 'planet'], /--scope: expected machine, link or site/],
      [['lsl', 'list', '--timeout', '0'], /--timeout/],
      [['stream', '--device', 'synthetic'], /--lsl: expected the name/],
      [['stream', '--lsl', 'x'], /--device: expected a device id/],
      [['stream', '--lsl', 'x', '--device', 'toaster'], /--device: Unknown device 'toaster'/],
      [['stream', '--lsl', 'x', '--device', 'rda:'], /expected rda:HOST/],
    ];
    for (const [args, message] of cases) {
      const c = capture();
      expect(await main(args, c.io), args.join(' ')).toBe(2);
      expect(c.err.join(''), args.join(' ')).toMatch(message);
    }
  });
});
