// The registry of `neurofeat` subcommands, in the order `--help` lists them. Each command's module is
// loaded only when it runs, so `neurofeat inspect` does not pay for onnxruntime or the host.
import type { Command } from '../command.ts';

export interface CommandEntry {
  name: string;
  /** One line for the command list. */
  summary: string;
  load: () => Promise<Command>;
}

export const commands: CommandEntry[] = [
  { name: 'inspect', summary: 'describe a recording (EDF, EDF+, BDF, BDF+, GDF 1/2, XDF): channels, events, statistics', load: async () => (await import('./inspect.ts')).inspectCommand },
  { name: 'convert', summary: 'write a recording as EDF+ (.edf) or BDF+ (.bdf) with its events as annotations', load: async () => (await import('./convert.ts')).convertCommand },
  { name: 'features', summary: 'per-trial spectra or connectivity of recordings, class means and R² maps', load: async () => (await import('./features.ts')).featuresCommand },
  { name: 'train', summary: 'train a classifier with honest cross-validation and write one ONNX model', load: async () => (await import('./train.ts')).trainCommand },
  { name: 'predict', summary: 'apply an ONNX model to the trials of recordings', load: async () => (await import('./predict.ts')).predictCommand },
  { name: 'run-protocol', summary: 'run a Graz calibration or online run headless: cues, markers, recording, feedback', load: async () => (await import('./run-protocol.ts')).runProtocolCommand },
  { name: 'record', summary: 'acquire from an amplifier (or the simulator, or a replayed file) into a BDF+/EDF+ file with markers', load: async () => (await import('./record.ts')).recordCommand },
  { name: 'simulate', summary: 'a byte-faithful Cyton, Daisy, Unicorn or ModularEEG on a serial port (pty), with faults on demand; or a trigger sink (rehabilitation device)', load: async () => (await import('./simulate.ts')).simulateCommand },
  { name: 'patient', summary: 'add or list patients (pseudonymous codes)', load: async () => (await import('./patient.ts')).patientCommand },
  { name: 'session', summary: 'import recordings as a new session of a patient (session import --patient CODE FILE...)', load: async () => (await import('./session.ts')).sessionCommand },
  { name: 'export', summary: 'write a patient\'s whole record (rows, recordings, models) to one archive file', load: async () => (await import('./export.ts')).exportCommand },
  { name: 'import', summary: 'add a patient from an archive written by export, checked completely first', load: async () => (await import('./import.ts')).importCommand },
  { name: 'review', summary: 'a patient\'s progress over the sessions in the terminal, or as JSON for scripts', load: async () => (await import('./review.ts')).reviewCommand },
  { name: 'report', summary: 'a patient\'s progress report as HTML or PDF: trend, chart, every session\'s figures', load: async () => (await import('./report.ts')).reportCommand },
  { name: 'lsl', summary: 'list the Lab Streaming Layer streams on this machine (or a configured network)', load: async () => (await import('./lsl.ts')).lslCommand },
  { name: 'stream', summary: 'publish a device as an LSL stream (labels, units, markers)', load: async () => (await import('./stream.ts')).streamCommand },
  { name: 'audit', summary: 'verify the data folder: the audit log\'s hash chain, every recording and model against its SHA-256', load: async () => (await import('./audit.ts')).auditCommand },
  { name: 'serve', summary: 'run the app headless: the UI over http://127.0.0.1 with a per-launch token', load: async () => (await import('./serve.ts')).serveCommand },
  { name: 'bench', summary: 'performance figures (suites: shell, files, features, training, network, accuracy)', load: async () => (await import('./bench.ts')).benchCommand },
];
