// The registry of benchmark suites run by `neurofeat bench`, each loaded only when it runs.
import type { BenchSuite } from './suite.ts';

export interface SuiteEntry {
  name: string;
  summary: string;
  load: () => Promise<BenchSuite>;
}

export const suites: SuiteEntry[] = [
  { name: 'shell', summary: 'live view in Chromium through the headless host (needs Chromium: CHROMIUM_PATH, default /usr/bin/chromium)', load: async () => (await import('./shell.ts')).shellSuite },
  { name: 'ui', summary: 'Extract to R² map in Chromium through the headless host, S001 runs 4, 8, 12: PSD, connectivity and both, first time and from the cache (needs the built renderer and Chromium)', load: async () => (await import('./ui.ts')).uiSuite },
  { name: 'files', summary: 'EDF reading vs MNE, 1 GB BDF streamed in bounded memory, recorder CPU at 64 ch x 2 kHz', load: async () => (await import('./files.ts')).filesSuite },
  { name: 'features', summary: 'read + epochs + Welch + R² on PhysioNet S001, |imcoh| node strength 64x64, scaling with channels and trials', load: async () => (await import('./features.ts')).featuresSuite },
  { name: 'training', summary: 'nested selection + sLDA, feature-set search, ONNX prediction latency (S001 runs 4, 8, 12)', load: async () => (await import('./training.ts')).trainingSuite },
  { name: 'network', summary: 'LSL 64 ch x 2 kHz float32 outlet -> inlet on 127.0.0.1: lost samples, monotonic time stamps, CPU, push-to-available latency', load: async () => (await import('./network.ts')).networkSuite },
  { name: 'acquisition', summary: 'Cyton and Cyton + Daisy through a pty (lost packets, engine CPU, byte-to-sample latency), synthetic 64 ch x 2 kHz recorded (NEUROFEAT_BENCH_ACQUISITION_SEC, default 600 s each)', load: async () => (await import('./acquisition.ts')).acquisitionSuite },
  { name: 'online', summary: 'closed loop on the simulated amplifier in real time: sample arrival to classifier output p50/p99, online accuracy, CPU; then the app\'s loop with the patient\'s page in Chromium: output to screen p99, cue drawn vs scheduled (NEUROFEAT_BENCH_ONLINE_SEC, default 60 s)', load: async () => (await import('./online.ts')).onlineSuite },
  { name: 'review', summary: 'review.patient in process and over the WebSocket, the progress page in Chromium (click to chart and verdict drawn), report rendering and neurofeat report as a process (PDF, HTML), 5 and 40 sessions; audit verify, export and import of PhysioNet S001\'s 14 runs as processes; the audit chain check on 20,000 entries', load: async () => (await import('./review.ts')).reviewSuite },
  { name: 'accuracy', summary: 'nested 5-fold accuracy and AUC of the default procedure and every standard family per subject (--subjects DIR, default PhysioNet S001-S010; runs 4, 8, 12, T1 vs T2), seed 1', load: async () => (await import('./accuracy.ts')).accuracySuite },
];
