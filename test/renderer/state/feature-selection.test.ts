// Features chosen on the map: a dragged rectangle becomes one channel x band feature per row, each kept once.
import { describe, expect, it } from 'vitest';
import { addFeatures, featureKey, featureLabel, featuresFromRect, normaliseRect, removeFeature } from '../../../src-renderer/src/state/feature-selection.ts';

const rows = ['C3..', 'Cz..', 'C4..'];
const freqs = [8, 9, 10, 11, 12];

describe('feature selection', () => {
  it('turns a click into one single-bin feature and a drag into one feature per channel row', () => {
    expect(featuresFromRect(rows, freqs, { row0: 1, row1: 1, col0: 2, col1: 2 })).toEqual([{ channel: 'Cz..', fminHz: 10, fmaxHz: 10 }]);
    // Dragged bottom-right to top-left: the same block.
    expect(featuresFromRect(rows, freqs, { row0: 2, row1: 1, col0: 4, col1: 1 })).toEqual([
      { channel: 'Cz..', fminHz: 9, fmaxHz: 12 },
      { channel: 'C4..', fminHz: 9, fmaxHz: 12 },
    ]);
    expect(featuresFromRect([], freqs, { row0: 0, row1: 0, col0: 0, col1: 0 })).toEqual([]);
  });

  it('marks features with the map they were picked on, so the same cell on the spectra and on connectivity are two features', () => {
    const onSpectra = featuresFromRect(rows, freqs, { row0: 0, row1: 0, col0: 2, col1: 2 }, 'psd');
    const onConnectivity = featuresFromRect(rows, freqs, { row0: 0, row1: 0, col0: 2, col1: 2 }, 'fc');
    expect(onConnectivity).toEqual([{ channel: 'C3..', fminHz: 10, fmaxHz: 10, family: 'fc' }]);
    expect(addFeatures(onSpectra, onConnectivity)).toHaveLength(2);
  });

  it('clamps a rectangle that leaves the map to its edges', () => {
    expect(normaliseRect({ row0: -3, row1: 9, col0: 7.4, col1: -1 }, 3, 5)).toEqual({ row0: 0, row1: 2, col0: 0, col1: 4 });
  });

  it('keeps each feature once, in the order chosen, and removes by value', () => {
    const a = { channel: 'C3..', fminHz: 10, fmaxHz: 12 };
    const b = { channel: 'C4..', fminHz: 10, fmaxHz: 12 };
    const list = addFeatures(addFeatures([], [a, b]), [{ ...a }, b]);
    expect(list).toEqual([a, b]);
    expect(removeFeature(list, { ...a })).toEqual([b]);
    expect(featureKey(a)).not.toBe(featureKey(b));
  });

  it('labels features with the clean channel name and the band', () => {
    expect(featureLabel({ channel: 'C3..', fminHz: 10, fmaxHz: 12 })).toBe('C3 10–12 Hz');
    expect(featureLabel({ channel: 'Fc3.', fminHz: 10.5, fmaxHz: 10.5 })).toBe('Fc3 10.5 Hz');
  });
});
