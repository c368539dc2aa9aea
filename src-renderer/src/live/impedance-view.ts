// What the device panel shows of electrode impedance: whether it can be measured now (and why not), the progress, and the table with its verdict.
import type { AcquisitionStatus, ChannelImpedance, DeviceDescriptor, ImpedanceStatus } from '../../../src-main/contract/index.ts';

/** Why the Measure button is disabled: nothing open, another session's amplifier, a recording, a device without impedance. */
export type ImpedanceBlocker = { reason: 'idle' | 'other' | 'recording' } | { reason: 'unsupported'; device: string };

/** Impedance is measured on this session's (or this signal check's) running amplifier, not while it records, and only where the device can. */
export function impedanceBlocker(status: AcquisitionStatus | null, sessionId: number | null, devices: readonly DeviceDescriptor[]): ImpedanceBlocker | null {
  if (!status || status.state !== 'running') return { reason: 'idle' };
  if (status.sessionId !== sessionId) return { reason: 'other' };
  if (status.recording) return { reason: 'recording' };
  const device = devices.find((d) => d.id === status.device);
  if (!device?.impedance) return { reason: 'unsupported', device: device?.name ?? status.device ?? '?' };
  return null;
}

export interface ImpedanceView {
  measuring: boolean;
  /** `channel k of n` while measuring (1-based), null otherwise. */
  progress: { index: number; total: number; channel: string } | null;
  /** The channels measured so far, or the result's; the failing ones are `go: false`. */
  rows: ChannelImpedance[];
  /** The verdict once done: every electrode within the threshold, or how many are not. */
  verdict: { go: boolean; failing: number; total: number; thresholdKOhm: number; measuredAt: string } | null;
  ended: 'cancelled' | 'failed' | null;
  error: string | null;
}

export function impedanceView(impedance: ImpedanceStatus | null): ImpedanceView {
  if (!impedance) return { measuring: false, progress: null, rows: [], verdict: null, ended: null, error: null };
  const measuring = impedance.state === 'measuring';
  const result = impedance.state === 'done' ? impedance.result : null;
  const rows = result ? result.channels : impedance.channels;
  return {
    measuring,
    progress: measuring && impedance.channel !== null ? { index: impedance.index, total: impedance.total, channel: impedance.channel } : null,
    rows,
    verdict: result ? { go: result.go, failing: result.channels.filter((c) => !c.go).length, total: result.channels.length, thresholdKOhm: result.thresholdKOhm, measuredAt: result.measuredAt } : null,
    ended: impedance.state === 'cancelled' || impedance.state === 'failed' ? impedance.state : null,
    error: impedance.error,
  };
}

/** kΩ as shown: one decimal below 100, whole numbers above (dry electrodes reach hundreds). */
export const formatKOhm = (kOhm: number): string => (kOhm < 100 ? kOhm.toFixed(1) : String(Math.round(kOhm)));

/**
 * The go/no-go thresholds offered (kΩ): wet gel electrodes at the usual 10 (the default) or the strict 5, and dry
 * electrodes at 750 (OpenBCI's GUI grades dry electrodes in hundreds of kΩ).
 */
export const impedanceThresholdsKOhm = [10, 5, 750] as const;
export type ImpedanceThresholdKOhm = (typeof impedanceThresholdsKOhm)[number];

/** The threshold remembered on this workstation, or the default when none (or something else) was stored. */
export function rememberedThreshold(stored: string | null): ImpedanceThresholdKOhm {
  const value = Number(stored);
  return (impedanceThresholdsKOhm as readonly number[]).includes(value) ? (value as ImpedanceThresholdKOhm) : impedanceThresholdsKOhm[0];
}
