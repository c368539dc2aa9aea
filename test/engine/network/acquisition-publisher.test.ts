// An acquisition that publishes: its samples and markers (cues included) reach an inlet, and the protocol runner's decision hook publishes class values.
import { afterEach, describe, expect, it } from 'vitest';
import type { AcquisitionStatus } from '../../../src-main/contract/api.ts';
import { lslChannels } from '../../../src-main/core/network/lsl-stream-info.ts';
import { Acquisition } from '../../../src-main/engine/acquisition.ts';
import type { Device, DeviceListener } from '../../../src-main/engine/devices/device.ts';
import { LslInlet, type LslChunk } from '../../../src-main/engine/network/lsl-inlet.ts';
import { lslQuery, resolveLslStreams } from '../../../src-main/engine/network/lsl-resolver.ts';
import { waitFor } from '../../support/wait-for.ts';

/** Away from LSL's own ports and from the other network tests. */
const network = { scope: 'machine' as const, knownPeers: [], multicastPort: 29571, basePort: 29572 };
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function inletOf(name: string, chunks: LslChunk[]): Promise<LslInlet> {
  const found = await resolveLslStreams(lslQuery('default', 'name', name), { network, timeoutMs: 3000, minimum: 1 });
  expect(found).toHaveLength(1);
  const inlet = new LslInlet(found[0], { network });
  cleanup.push(() => inlet.close());
  await inlet.open();
  await inlet.start({ chunk: (c) => chunks.push(c), status: () => undefined, fault: () => undefined });
  return inlet;
}

/** Two channels at 100 Hz, pushed by the test. */
class PushedDevice implements Device {
  readonly id = 'pushed';
  listener: DeviceListener | null = null;
  async open() {
    return { channels: ['C3', 'C4'], sampleRateHz: 100 };
  }
  async start(listener: DeviceListener) {
    this.listener = listener;
  }
  async stop() {
    this.listener = null;
  }
  async close() {
    this.listener = null;
  }
  push(values: number[]) {
    this.listener?.samples({ samples: Float32Array.from(values), nSamples: values.length / 2, lostBefore: 0, firstSampleTimeMs: performance.timeOrigin + performance.now() });
  }
}

describe('publishing during acquisition', () => {
  it('sends samples, device markers and cues to inlets; decisions once the runner opens them; nothing after stop', async () => {
    const device = new PushedDevice();
    const statuses: AcquisitionStatus[] = [];
    const acquisition = new Acquisition({ createDevice: () => device, onFrame: () => undefined, onStatus: (s) => statuses.push(s) });
    cleanup.push(async () => {
      if (acquisition.current().state === 'running') await acquisition.stop();
    });
    expect(acquisition.publisher).toBeNull();
    const started = await acquisition.start({ device: 'pushed', publish: { signal: 'pub-eeg', markers: 'pub-markers', decisions: 'pub-decisions' }, network });
    expect(started.publishing).toEqual({ signal: 'pub-eeg', markers: 'pub-markers', decisions: 'pub-decisions', scope: 'machine', knownPeers: [] });
    const publisher = acquisition.publisher;
    if (!publisher) throw new Error('no publisher');

    const signal: LslChunk[] = [];
    const markers: LslChunk[] = [];
    const signalInlet = await inletOf('pub-eeg', signal);
    expect(lslChannels(signalInlet.info).map((c) => [c.label, c.unit])).toEqual([['C3', 'microvolts'], ['C4', 'microvolts']]);
    await inletOf('pub-markers', markers);
    await waitFor('consumers', () => publisher.signalOutlet.consumerCount === 1 && publisher.markerOutlet?.consumerCount === 1);

    device.push([1, 2, 3, 101, 102, 103]);
    await waitFor('samples', () => signal.length > 0);
    expect(Array.from(signal[0].values ?? [])).toEqual([1, 101, 2, 102, 3, 103]);
    device.listener?.marker({ sampleIndex: 1, label: 'device-marker', durationSec: 0 });
    acquisition.setCue('right');
    await waitFor('markers', () => markers.reduce((n, c) => n + c.timestamps.length, 0) === 2);
    expect(markers.flatMap((c) => c.strings ?? [])).toEqual(['device-marker', '770']);
    const markerTimes = markers.flatMap((c) => Array.from(c.timestamps));
    // The cue is stamped at the end of the signal so far (3 samples at 100 Hz after the first one's time).
    expect(markerTimes[1] - signal[0].timestamps[0]).toBeCloseTo(0.03, 3); // within 0.5 ms: the inlet corrects each chunk by its latest clock estimate
    // The device marker on its own sample (index 1).
    expect(markerTimes[0] - signal[0].timestamps[0]).toBeCloseTo(0.01, 3);

    // The decision hook: nothing before the runner opens it, then one value per class.
    expect(publisher.publishDecision([0.5, 0.5])).toBe(false);
    expect(await publisher.openDecisions(['left', 'right'])).toBe(true);
    const decisions: LslChunk[] = [];
    const decisionInlet = await inletOf('pub-decisions', decisions);
    expect(lslChannels(decisionInlet.info).map((c) => c.label)).toEqual(['left', 'right']);
    await waitFor('decision consumer', () => publisher.decisionOutlet?.consumerCount === 1);
    expect(publisher.publishDecision([0.25])).toBe(false);
    expect(publisher.publishDecision([0.25, 0.75], 42.5)).toBe(true);
    await waitFor('a decision', () => decisions.length === 1);
    expect(Array.from(decisions[0].values ?? [])).toEqual([0.25, 0.75]);
    expect(publisher.decisionsSent).toBe(1);

    const stopped = await acquisition.stop();
    expect(stopped.publishing).toBeNull();
    expect(acquisition.publisher).toBeNull();
    expect(publisher.publishDecision([0.1, 0.9])).toBe(false);
    const after = await resolveLslStreams(lslQuery('default'), { network, timeoutMs: 600 });
    expect(after.map((s) => s.info.name)).toEqual([]);
  });

  it('without a decisions name the hook stays closed; without publish there is no publisher', async () => {
    const device = new PushedDevice();
    const acquisition = new Acquisition({ createDevice: () => device, onFrame: () => undefined, onStatus: () => undefined });
    await acquisition.start({ device: 'pushed', publish: { signal: 'pub-only' }, network });
    try {
      expect(acquisition.current().publishing).toMatchObject({ signal: 'pub-only', markers: null, decisions: null });
      expect(await acquisition.publisher?.openDecisions(['left', 'right'])).toBe(false);
      expect(acquisition.publisher?.markerOutlet).toBeNull();
    } finally {
      await acquisition.stop();
    }
    await acquisition.start({ device: 'pushed' });
    try {
      expect(acquisition.publisher).toBeNull();
      expect(acquisition.current().publishing).toBeNull();
    } finally {
      await acquisition.stop();
    }
  });
});
