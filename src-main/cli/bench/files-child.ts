// Child process of `bench --suite files`: one measured task per process, so peak memory and start-up are its own.
// Usage: files-child.ts load FILE | time-load FILE REPEATS WARM_UP | write-bdf FILE BYTES | stream FILE ; prints one JSON line.
import { channelStats } from '../../core/formats/channel-stats.ts';
import { openSignalFile } from '../../core/formats/index.ts';
import { EdfRecorder } from '../../engine/recorder/edf-recorder.ts';
import { FileSource } from '../../services/recordings/file-source.ts';
import { loadRecording } from '../../services/recordings/load-recording.ts';

const [mode, file, extra] = process.argv.slice(2);
const started = performance.now();
const result: Record<string, number> = {};

if (mode === 'load') {
  const recording = await loadRecording(file, { verifyChecksum: false });
  result.samples = recording.nSamples * recording.data.length;
} else if (mode === 'time-load') {
  // Timed in a process of its own, like MNE in Python: the reader's cost, not the heap of the bench's CLI process.
  const [repeats, warmUp] = [Number(extra), Number(process.argv[5])];
  for (let i = 0; i < warmUp; i++) await loadRecording(file, { verifyChecksum: false });
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    await loadRecording(file, { verifyChecksum: false });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  result.medianMs = times[Math.floor(times.length / 2)];
  result.minMs = times[0];
} else if (mode === 'write-bdf') {
  const targetBytes = Number(extra);
  const channels = 64;
  const rate = 2000;
  const recorder = EdfRecorder.open(file, {
    kind: 'BDF',
    overwrite: true,
    channels: Array.from({ length: channels }, (_, c) => ({
      label: `E${c + 1}`, unit: 'uV', sampleRateHz: rate, physicalMin: -262144, physicalMax: 262144, digitalMin: -8388608, digitalMax: 8388607,
    })),
  });
  const second = Array.from({ length: channels }, (_, c) => Float32Array.from({ length: rate }, (_, k) => 50 * Math.sin((2 * Math.PI * (c + 5) * k) / rate)));
  const seconds = Math.ceil(targetBytes / recorder.encoder.recordLength);
  for (let s = 0; s < seconds; s++) {
    recorder.appendSamples(second);
    if (s % 60 === 59) recorder.addAnnotation(s, 0, `minute ${(s + 1) / 60}`);
  }
  const done = await recorder.finalise();
  result.records = done.records;
} else if (mode === 'stream') {
  const source = new FileSource(file);
  const opened = openSignalFile(source);
  const stats = channelStats(opened, 2000 * 4);
  source.close();
  result.channels = stats.length;
  result.samples = opened.nSamples;
  result.events = opened.events.length;
} else {
  throw new Error(`unknown mode ${mode}`);
}
result.ms = performance.now() - started;
result.maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(result) + '\n');
