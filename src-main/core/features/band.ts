// Checks of a frequency band against the sample rate, shared by every feature family.
import { badInput, problem } from '../errors.ts';

export interface Band {
  fminHz: number;
  fmaxHz: number;
}

export const defaultBand: Band = { fminHz: 1, fmaxHz: 40 };

/** Throws bad-input naming the value and the allowed range when the band does not fit the rate. */
export function checkBand(band: Band, sampleRateHz: number): void {
  const nyquist = sampleRateHz / 2;
  if (!Number.isFinite(band.fminHz) || band.fminHz < 0) throw badInput(`fmin: ${band.fminHz} Hz; allowed 0 to ${nyquist} Hz`, { value: band.fminHz });
  if (!Number.isFinite(band.fmaxHz) || band.fmaxHz > nyquist) {
    throw badInput(`fmax: ${band.fmaxHz} Hz is above the Nyquist frequency ${nyquist} Hz of this ${sampleRateHz} Hz recording`, { value: band.fmaxHz, allowed: `<= ${nyquist}` }, problem('band-outside-spectrum', { fminHz: band.fminHz, fmaxHz: band.fmaxHz, nyquistHz: nyquist }));
  }
  if (band.fmaxHz < band.fminHz) throw badInput(`fmax: ${band.fmaxHz} Hz is below fmin ${band.fminHz} Hz`, { value: band.fmaxHz });
}
