// Channel labels as recordings write them, printed in their standard 10-10 spelling.
import { describe, expect, it } from 'vitest';
import { cleanChannelLabel, standard64Labels } from '../../../src-main/core/montage.ts';
import { normaliseChannelName } from '../../../src-main/core/recording.ts';

describe('cleanChannelLabel', () => {
  it('spells PhysioNet labels as the 10-10 system does', () => {
    const written = ['C3..', 'Fc3.', 'Cpz.', 'Fp1.', 'Fpz.', 'Af7.', 'Poz.', 'Iz..', 'T10.', 'Tp8.', 'Ft7.', 'Oz..', 'Cz..'];
    expect(written.map(cleanChannelLabel)).toEqual(['C3', 'FC3', 'CPz', 'Fp1', 'Fpz', 'AF7', 'POz', 'Iz', 'T10', 'TP8', 'FT7', 'Oz', 'Cz']);
  });

  it('maps every label of the 64-channel cap, dotted PhysioNet-style, back to the standard list', () => {
    const dotted = standard64Labels.map((l) => (l.length >= 4 ? l : `${l[0]}${l.slice(1).toLowerCase()}${'.'.repeat(4 - l.length)}`));
    expect(dotted.map(cleanChannelLabel)).toEqual([...standard64Labels]);
    for (const [i, l] of dotted.entries()) expect(normaliseChannelName(cleanChannelLabel(l))).toBe(normaliseChannelName(standard64Labels[i]));
  });

  it('keeps other labels as written, without padding dots or spaces', () => {
    expect(['EOG1', ' status ', 'Ch5..', 'T3..'].map(cleanChannelLabel)).toEqual(['EOG1', 'status', 'Ch5', 'T3']);
  });
});
