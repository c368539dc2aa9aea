// Settings of the live signal view (window, global scale, per-channel gains), kept across pages and remembered.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { BandChoice, NotchHz } from '../live/display-filter.ts';
import { DEFAULT_RANGE_UV, GAIN_CHOICES, RANGE_CHOICES_UV, WINDOW_CHOICES_SEC, stepChoice, type WindowSec } from '../live/view-settings.ts';

const STORAGE_KEY = 'neurofeat.signalView';

interface Saved { windowSec?: number; rangeUv?: number }

function readSaved(): Saved {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Saved;
  } catch {
    return {};
  }
}

export const useViewStore = defineStore('view', () => {
  const saved = readSaved();
  const windowSec = ref<WindowSec>((WINDOW_CHOICES_SEC as readonly number[]).includes(saved.windowSec ?? 0) ? (saved.windowSec as WindowSec) : 10);
  const rangeUv = ref<number>((RANGE_CHOICES_UV as readonly number[]).includes(saved.rangeUv ?? 0) ? (saved.rangeUv as number) : DEFAULT_RANGE_UV);
  /** Gain per channel index; 1 when absent. Reset when the montage changes. */
  const gains = ref<number[]>([]);
  /** Remove each channel's mean over the window so DC offsets do not push traces out of their band. */
  const removeMean = ref(true);
  /** Display filters (drawn trace only, never the recording); off at every start of the app, so raw is the default. */
  const notchHz = ref<NotchHz | null>(null);
  const band = ref<BandChoice | null>(null);

  watch([windowSec, rangeUv], () => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ windowSec: windowSec.value, rangeUv: rangeUv.value }));
    } catch {
      // Private mode or a full quota: the setting just is not remembered.
    }
  });

  const stepRange = (direction: 1 | -1) => {
    rangeUv.value = stepChoice(RANGE_CHOICES_UV, rangeUv.value, direction);
  };
  const stepGain = (channel: number, direction: 1 | -1) => {
    const next = [...gains.value];
    while (next.length <= channel) next.push(1);
    next[channel] = stepChoice(GAIN_CHOICES, next[channel], direction);
    gains.value = next;
  };
  const resetGains = (nChannels: number) => {
    gains.value = new Array<number>(nChannels).fill(1);
  };

  return { windowSec, rangeUv, gains, removeMean, notchHz, band, stepRange, stepGain, resetGains };
});
