// The simulators' cue cycle, fault syntax, and the cue-dependent desynchronisation their bytes carry.
import { describe, expect, it } from 'vitest';
import { CytonDecoder } from '../../../src-main/core/devices/cyton.ts';
import { toneRms } from '../../../src-main/core/devices/signal-quality.ts';
import { CytonSimulator } from '../../../src-main/engine/devices/simulators/cyton-simulator.ts';
import { CueCycle, parseFault } from '../../../src-main/engine/devices/simulators/serial-simulator.ts';

describe('CueCycle', () => {
  it('rests 4 s, then cues left, rests, then cues right, counted in samples', () => {
    const cycle = new CueCycle(10);
    const changes: [number, string][] = [];
    for (let i = 0; i < 200; i++) {
      const cue = cycle.next();
      if (cue !== null) changes.push([i, cue]);
    }
    expect(changes).toEqual([[0, 'none'], [40, 'left'], [80, 'none'], [120, 'right'], [160, 'none']]);
  });
});

describe('parseFault', () => {
  it('reads NAME[@SECONDS][:ARG] and names what is allowed otherwise', () => {
    expect(parseFault('counter-gap@3:5')).toEqual({ name: 'counter-gap', atSec: 3, arg: 5 });
    expect(parseFault('unplug@1.5')).toEqual({ name: 'unplug', atSec: 1.5 });
    expect(parseFault('reset')).toEqual({ name: 'reset', atSec: 0 });
    expect(() => parseFault('melt@2')).toThrow(/--fault 'melt@2': expected NAME\[@SECONDS\]\[:ARG\] with NAME one of drop-bytes, bad-stop/);
    expect(() => parseFault('slow@x')).toThrow(/--fault 'slow@x'/);
  });
});

describe('simulated EEG through the Cyton bytes', () => {
  /** Power of the 9-13 Hz band (sum of the squared RMS at each half hertz). */
  const mu = (x: Float64Array) => {
    let sum = 0;
    for (let f = 9; f <= 13; f += 0.5) sum += toneRms(x, f, 250) ** 2;
    return sum;
  };

  it('the contralateral mu rhythm desynchronises during hand cues', () => {
    const sim = new CytonSimulator({ daisy: false, autoCues: true, seed: 11 });
    const decoder = new CytonDecoder({ daisy: false });
    const samples = decoder.push(sim.renderPackets(250 * 32));
    expect(samples.length).toBe(250 * 32);
    expect(decoder.stats.lostPackets).toBe(0);
    const window = (channel: number, fromSec: number, toSec: number) => Float64Array.from(samples.slice(fromSec * 250, toSec * 250), (s) => s.values[channel]);
    // Cyton channels 4 and 6 carry C3 and C4. Cycles of 8 s: rest 0-4, cue 4-8; left in cycles 0 and 2, right in 1 and 3.
    const C3 = 3, C4 = 5;
    const rest = (ch: number) => [0, 8, 16, 24].reduce((p, t) => p + mu(window(ch, t + 0.5, t + 4)), 0);
    const cue = (ch: number, starts: number[]) => starts.reduce((p, t) => p + mu(window(ch, t + 0.5, t + 4)), 0) * 2;
    // Left-hand cues lower mu over C4 (right hemisphere) more than over C3; right-hand cues the reverse.
    expect(cue(C4, [4, 20]) / rest(C4)).toBeLessThan(0.7);
    expect(cue(C3, [12, 28]) / rest(C3)).toBeLessThan(0.7);
    expect(cue(C4, [4, 20]) / rest(C4)).toBeLessThan(cue(C3, [4, 20]) / rest(C3));
  });
});
