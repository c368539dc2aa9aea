import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { channelPositions, cleanChannelLabel, scalpPoint, scalpPosition, standard64Labels } from '../../src-main/core/montage.ts';
import { referencePython, repositoryRoot } from '../support/shared-data.ts';
import { pythonMissing } from '../support/prerequisites.ts';

const distance = (a: string, b: string) => {
  const p = scalpPosition(a)!;
  const q = scalpPosition(b)!;
  return Math.hypot(p.x - q.x, p.y - q.y);
};

describe('scalp positions from 10-10 names', () => {
  it('places every label of the 64-channel cap, in any case and with PhysioNet dots', () => {
    expect(standard64Labels.filter((l) => scalpPosition(l) === null)).toEqual([]);
    expect(scalpPosition('C3..')).toEqual(scalpPosition('c3'));
    expect(scalpPosition('T3')).toEqual(scalpPosition('T7'));
    expect(scalpPosition('EMG1')).toBeNull();
    expect(scalpPosition('FT3')).toBeNull();
  });

  it('puts the midline and the central row at 10% steps and mirrors left and right', () => {
    expect(scalpPosition('Cz')).toEqual({ x: 0, y: 0 });
    expect(scalpPosition('Fz')!.y).toBeCloseTo(0.2, 12);
    expect(scalpPosition('Oz')!.y).toBeCloseTo(-0.4, 12);
    expect(scalpPosition('C3')!.x).toBeCloseTo(-0.2, 12);
    expect(scalpPosition('T8')!.x).toBeCloseTo(0.4, 12);
    for (const [left, right] of [['F3', 'F4'], ['CP5', 'CP6'], ['AF7', 'AF8'], ['PO3', 'PO4']]) {
      expect(scalpPosition(right)!.x).toBeCloseTo(-scalpPosition(left)!.x, 12);
      expect(scalpPosition(right)!.y).toBeCloseTo(scalpPosition(left)!.y, 12);
    }
  });

  it('has C3 nearest to C1, C5, FC3 and CP3, about 10% away each', () => {
    const others = standard64Labels.filter((l) => l !== 'C3').sort((a, b) => distance('C3', a) - distance('C3', b));
    expect(new Set(others.slice(0, 4))).toEqual(new Set(['C1', 'C5', 'FC3', 'CP3']));
    for (const n of ['C1', 'C5', 'FC3', 'CP3']) expect(distance('C3', n)).toBeGreaterThan(0.09);
    for (const n of ['C1', 'C5', 'FC3', 'CP3']) expect(distance('C3', n)).toBeLessThan(0.12);
  });

  it.skipIf(pythonMissing)("agrees with MNE's standard_1005 head (projected the same way) to within a third of the electrode spacing, up to scale", () => {
    const script = path.join(repositoryRoot, 'tools', 'reference', 'montage_reference.py');
    const reference = JSON.parse(execFileSync(referencePython, [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Record<string, [number, number]>;
    // A real head is not a sphere: compare shapes after the best single scale, leaving out the points below the ring.
    const labels = Object.keys(reference).filter((l) => !['T9', 'T10', 'Iz'].includes(l));
    let num = 0;
    let den = 0;
    for (const l of labels) {
      const p = scalpPosition(l)!;
      num += p.x * reference[l][0] + p.y * reference[l][1];
      den += p.x * p.x + p.y * p.y;
    }
    const s = num / den;
    const worst = Math.max(...labels.map((l) => Math.hypot(s * scalpPosition(l)!.x - reference[l][0], s * scalpPosition(l)!.y - reference[l][1])));
    expect(worst).toBeLessThan(0.06);
    expect(s * distance('C3', 'C1')).toBeGreaterThan(0.1);
  });
});

describe('clean labels and 3-D points', () => {
  it('writes 10-10 names in their standard case and leaves other labels as written, without padding dots', () => {
    expect(cleanChannelLabel('C3..')).toBe('C3');
    expect(cleanChannelLabel('Fc3.')).toBe('FC3');
    expect(cleanChannelLabel('Fcz.')).toBe('FCz');
    expect(cleanChannelLabel('FPZ')).toBe('Fpz');
    expect(cleanChannelLabel('Fp1.')).toBe('Fp1');
    expect(cleanChannelLabel('t3')).toBe('T3');
    expect(cleanChannelLabel('T10.')).toBe('T10');
    expect(cleanChannelLabel('iz')).toBe('Iz');
    expect(cleanChannelLabel(' EMG1..')).toBe('EMG1');
    expect(cleanChannelLabel('FT3')).toBe('FT3');
  });

  it('puts each point on the unit sphere, projecting to the flat map position', () => {
    for (const label of standard64Labels) {
      const p = scalpPoint(label)!;
      expect(Math.hypot(p.x, p.y, p.z)).toBeCloseTo(1, 12);
      const [entry] = channelPositions([label]);
      expect(entry.mapX).toBeCloseTo(scalpPosition(label)!.x, 12);
      expect(entry.mapY).toBeCloseTo(scalpPosition(label)!.y, 12);
      // Azimuthal equidistant: the flat radius is the angle from Cz over 180 degrees.
      expect(Math.hypot(entry.mapX!, entry.mapY!)).toBeCloseTo(Math.acos(p.z) / Math.PI, 12);
    }
    expect(scalpPoint('Cz')).toEqual({ x: 0, y: 0, z: 1 });
    expect(scalpPoint('Nz')).toEqual({ x: 0, y: 1, z: 0 });
    expect(scalpPoint('C3')!.x).toBeLessThan(0);
    expect(scalpPoint('Fz')!.y).toBeGreaterThan(0);
    expect(channelPositions(['EMG1'])).toEqual([{ name: 'EMG1', label: 'EMG1', x: null, y: null, z: null, mapX: null, mapY: null }]);
  });
});
