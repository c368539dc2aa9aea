// Monitoring without recording: streams a device for a few seconds and judges each EEG channel (flat, railed, line noise, amplitude).
import { assessSignalQuality, type ChannelQuality, type SignalQualityLimits } from '../../core/devices/signal-quality.ts';
import { CoreError } from '../../core/errors.ts';
import type { Device, DeviceInfo } from './device.ts';

/**
 * Streams an opened `device` for `seconds` and returns the quality of each EEG channel (every channel when
 * the device gives no details). The device is stopped again afterwards and stays open.
 */
export async function checkSignal(device: Device, info: DeviceInfo, seconds: number, limits?: SignalQualityLimits): Promise<ChannelQuality[]> {
  const fs = info.sampleRateHz;
  const needed = Math.round(seconds * fs);
  const eeg = info.channelDetails ? info.channelDetails.flatMap((c, i) => (c.kind === 'eeg' ? [i] : [])) : info.channels.map((_, i) => i);
  const buffers = eeg.map(() => new Float32Array(needed));
  let filled = 0;
  let fault: string | null = null;
  let done: () => void = () => undefined;
  const complete = new Promise<void>((resolve) => { done = resolve; });
  await device.start({
    samples(block) {
      const n = Math.min(block.nSamples, needed - filled);
      if (n <= 0) return;
      eeg.forEach((ch, k) => buffers[k].set(block.samples.subarray(ch * block.nSamples, ch * block.nSamples + n), filled));
      filled += n;
      if (filled >= needed) done();
    },
    marker: () => undefined,
    status: () => undefined,
    fault(message) {
      fault = message;
      done();
    },
  });
  const timer = setTimeout(done, seconds * 1000 + 5000);
  await complete;
  clearTimeout(timer);
  await device.stop();
  if (fault !== null) throw new CoreError('failed', `signal check: ${fault}`);
  if (filled < needed) throw new CoreError('failed', `signal check: only ${filled} of ${needed} samples arrived in ${seconds + 5} s`);
  const details = info.channelDetails;
  return assessSignalQuality(eeg.map((ch, k) => ({
    label: info.channels[ch],
    samples: buffers[k],
    rangeUv: details ? Math.max(Math.abs(details[ch].physicalMin), Math.abs(details[ch].physicalMax)) : null,
  })), fs, limits);
}
