// Stepping the view's scale and gain choices.
import { describe, expect, it } from 'vitest';
import { GAIN_CHOICES, RANGE_CHOICES_UV, channelBandUv, stepChoice } from '../../../src-renderer/src/live/view-settings.ts';

describe('view settings', () => {
  it('steps through ordered choices and stops at the ends', () => {
    expect(stepChoice(GAIN_CHOICES, 1, 1)).toBe(2);
    expect(stepChoice(GAIN_CHOICES, 1, -1)).toBe(0.5);
    expect(stepChoice(GAIN_CHOICES, 8, 1)).toBe(8);
    expect(stepChoice(GAIN_CHOICES, 0.125, -1)).toBe(0.125);
    expect(stepChoice(RANGE_CHOICES_UV, 100, 1)).toBe(200);
  });

  it('snaps an unknown value to the nearest choice before stepping', () => {
    expect(stepChoice(RANGE_CHOICES_UV, 90, 1)).toBe(200);
    expect(stepChoice(RANGE_CHOICES_UV, 90, -1)).toBe(50);
  });

  it('divides the global range by the channel gain', () => {
    expect(channelBandUv(100, [1, 2, 0.5], 1)).toBe(50);
    expect(channelBandUv(100, [1, 2, 0.5], 2)).toBe(200);
    expect(channelBandUv(100, [], 5)).toBe(100);
    expect(channelBandUv(100, [0], 0)).toBe(100);
  });
});
