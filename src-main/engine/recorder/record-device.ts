// Records one device for a duration into BDF+/EDF+: the loop shared by `neurofeat record` and the acquisition bench.
import { CoreError } from '../../core/errors.ts';
import type { Device, DeviceInfo, DeviceStatus, SampleBlock } from '../devices/device.ts';
import { DeviceRecording, type DeviceRecordingOptions, type DeviceRecordingResult } from './device-recording.ts';

export interface RecordDeviceOptions extends DeviceRecordingOptions {
  /** Seconds of signal to record (lost samples count: they are written, held). */
  durationSec: number;
  /** Status lines as they happen (stalled, resumed, lost...). */
  onStatus?: (status: DeviceStatus) => void;
  /** Resolves early when it settles (SIGINT): the recording ends cleanly there. */
  interrupt?: Promise<void>;
  /** Runs once the device is open, before the file is created (signal check, impedance). */
  beforeRecording?: (info: DeviceInfo) => Promise<void>;
}

export interface RecordDeviceResult extends DeviceRecordingResult {
  info: DeviceInfo;
  /** Why recording ended before the duration (device fault, end of a replayed file, interrupt), or null. */
  endedEarly: string | null;
}

/**
 * Opens `device`, records `durationSec` into `path` and closes it. A device fault or a full disk ends the
 * recording with what was written kept (finalised when possible, otherwise left repairable) and throws a
 * CoreError that says so; the device is closed in every case.
 */
export async function recordDevice(device: Device, path: string, options: RecordDeviceOptions): Promise<RecordDeviceResult> {
  const info = await device.open();
  let recording: DeviceRecording;
  try {
    await options.beforeRecording?.(info);
    recording = DeviceRecording.open(path, info, options);
  } catch (error) {
    await device.close();
    throw error;
  }
  const target = Math.round(options.durationSec * info.sampleRateHz);
  let fault: string | null = null;
  let ended: string | null = null;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { finish = resolve; });
  try {
    await device.start({
      samples(block) {
        const remaining = target - recording.samplesWritten;
        if (remaining <= 0) return;
        recording.samplesArrived(trimBlock(block, remaining, info.channels.length));
        if (recording.samplesWritten >= target || recording.error) finish();
      },
      marker: (marker) => recording.markerArrived(marker),
      status(status) {
        options.onStatus?.(status);
        if (status.kind === 'stalled' || status.kind === 'resumed') recording.note(`NeuroFeat: ${status.message}`);
        if (status.kind === 'ended') {
          ended = status.message;
          finish();
        }
      },
      fault(message) {
        fault = message;
        finish();
      },
    });
    await Promise.race([done, options.interrupt ?? new Promise<never>(() => undefined)]);
  } catch (error) {
    fault = error instanceof Error ? error.message : String(error);
  } finally {
    await device.stop().catch(() => undefined);
    await device.close().catch(() => undefined);
  }
  const result = await recording.finalise();
  if (fault !== null) {
    throw new CoreError('failed', `${fault}; the recording stopped after ${(recording.samplesWritten / info.sampleRateHz).toFixed(1)} s and is kept in ${path}`, { path });
  }
  const interrupted = recording.samplesWritten < target && ended === null && recording.error === null;
  return { ...result, info, endedEarly: ended ?? (interrupted ? 'interrupted' : null) };
}

/** The first `keep` samples (lost ones first) of a block. */
function trimBlock(block: SampleBlock, keep: number, nChannels: number): SampleBlock {
  if (block.lostBefore + block.nSamples <= keep) return block;
  const lostBefore = Math.min(block.lostBefore, keep);
  const n = keep - lostBefore;
  const samples = new Float32Array(nChannels * n);
  for (let ch = 0; ch < nChannels; ch++) samples.set(block.samples.subarray(ch * block.nSamples, ch * block.nSamples + n), ch * n);
  return { ...block, samples, nSamples: n, lostBefore };
}
