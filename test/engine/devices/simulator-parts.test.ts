// The simulators' cue cycle and fault syntax.
import { describe, expect, it } from 'vitest';
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
