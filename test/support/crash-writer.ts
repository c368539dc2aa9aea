// Child process for the crash test: records a synthetic 8-channel 250 Hz signal in real time until killed.
import { EdfRecorder } from '../../src-main/engine/recorder/edf-recorder.ts';

const [outPath, kind] = process.argv.slice(2);
const rate = 250;
const channels = Array.from({ length: 8 }, (_, i) => ({
  label: `EEG${i + 1}`, unit: 'uV', sampleRateHz: rate,
  physicalMin: -3276.8, physicalMax: 3276.7, digitalMin: kind === 'BDF' ? -8388608 : -32768, digitalMax: kind === 'BDF' ? 8388607 : 32767,
}));
const recorder = EdfRecorder.open(outPath, { kind: kind as 'EDF' | 'BDF', channels, recordDurationSec: 1 });
let sent = 0;
const started = Date.now();
setInterval(() => {
  const due = Math.floor(((Date.now() - started) / 1000) * rate * 4); // four times real time
  const n = due - sent;
  if (n <= 0) return;
  const chunk = channels.map((_, c) => Float32Array.from({ length: n }, (_, k) => 100 * Math.sin((2 * Math.PI * (sent + k) * (c + 1)) / rate)));
  if (Math.floor(sent / rate) !== Math.floor((sent + n) / rate)) recorder.addAnnotation((sent + n) / rate, 0, `tick ${Math.floor((sent + n) / rate)}`);
  recorder.appendSamples(chunk);
  sent = due;
  process.stdout.write(`records ${recorder.recordsWritten}\n`);
}, 20);
