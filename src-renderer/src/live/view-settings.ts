// The choices of the live view (window length, global and per-channel scale) and how they step, as pure functions.

export const WINDOW_CHOICES_SEC = [5, 10, 20] as const;
export type WindowSec = (typeof WINDOW_CHOICES_SEC)[number];

/** µV spanned by one channel band at gain 1; 100 µV suits scalp EEG. */
export const RANGE_CHOICES_UV = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000] as const;
export const DEFAULT_RANGE_UV = 100;

/** Per-channel gain multipliers: a noisy or quiet channel can be tamed or enlarged without touching the others. */
export const GAIN_CHOICES = [0.125, 0.25, 0.5, 1, 2, 4, 8] as const;

/** The next value in an ordered list of choices, `direction` +1 or -1, staying at the ends. */
export function stepChoice<T extends number>(choices: readonly T[], current: number, direction: 1 | -1): T {
  let index = choices.indexOf(current as T);
  if (index < 0) {
    // An unknown value (old preference) snaps to the nearest choice before stepping.
    index = 0;
    for (let i = 1; i < choices.length; i++) if (Math.abs(choices[i] - current) < Math.abs(choices[index] - current)) index = i;
  }
  return choices[Math.min(choices.length - 1, Math.max(0, index + direction))];
}

/** µV span of channel c's band: the global range divided by that channel's gain (missing gain = 1). */
export function channelBandUv(rangeUv: number, gains: readonly number[], channel: number): number {
  const gain = gains[channel] ?? 1;
  return rangeUv / (gain > 0 ? gain : 1);
}
