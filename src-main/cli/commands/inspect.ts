// `neurofeat inspect FILE`: format, channels, events and per-channel statistics of any supported recording.
import { channelStats } from '../../core/formats/channel-stats.ts';
import { openRecording } from '../../services/recordings/load-recording.ts';
import { printJson, UsageError, type Command } from '../command.ts';
import { checkInputFile } from '../input-file.ts';
import { terminalSafe } from '../terminal-text.ts';

export const inspectCommand: Command = {
  help: `Usage: neurofeat inspect FILE [--json] [--no-repair] [--no-stats]

Reads FILE (format found from its first bytes) and prints its format, version, sample rate, duration,
channels, events and, for each channel, mean, standard deviation, minimum and maximum in physical units
over the whole file (read window by window, in bounded memory).
A recording left unfinalised by a crash is repaired in place (record count written, a partial last
record dropped) unless --no-repair is given; its FILE.sha256 sidecar, when present, is checked.
  --no-repair   read an unfinalised file as it is, without changing it
  --no-stats    skip the statistics (no pass over the samples)`,
  options: {
    'no-repair': { type: 'boolean' },
    'no-stats': { type: 'boolean' },
  },
  async run(args, io) {
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('expected a FILE to inspect');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const opened = await openRecordingOrUsage(file, args.values['no-repair'] !== true);
    try {
      const f = opened.file;
      const report = {
        file,
        format: f.format,
        version: f.version,
        sampleRateHz: f.sampleRateHz,
        durationSec: f.durationSec,
        nSamples: f.nSamples,
        startTime: f.startTime,
        channels: f.channels.map((c) => ({
          label: c.label, name: c.name, unit: c.unit, sampleRateHz: c.sampleRateHz,
          physicalMin: c.physicalMin, physicalMax: c.physicalMax, digitalMin: c.digitalMin, digitalMax: c.digitalMax,
        })),
        events: f.events.map((e) => ({ onsetSec: e.onsetSec, durationSec: e.durationSec, code: e.code, label: e.label })),
        stats: args.values['no-stats'] === true ? [] : channelStats(f),
        segments: f.segments,
        header: f.header,
        checksum: opened.checksum,
        repair: opened.repair,
        warnings: f.warnings,
      };
      if (args.values.json === true) {
        printJson(io, report);
      } else {
        // Labels, units, event texts and warnings come from the file: escaped before they reach the terminal.
        const safe = terminalSafe;
        io.out(`${safe(file)}: ${safe(f.version)}, ${f.channels.length} channels, ${f.sampleRateHz} Hz, ${f.nSamples} samples (${f.durationSec} s), ${f.events.length} events\n`);
        for (const w of f.warnings) io.out(`  warning: ${safe(w)}\n`);
        if (opened.checksum.status !== 'not-checked') io.out(`  checksum: ${opened.checksum.status}\n`);
        report.channels.forEach((c, i) => {
          const s = report.stats[i];
          io.out(`  ${safe(c.label).padEnd(16)} ${String(c.sampleRateHz).padStart(6)} Hz  ${safe(c.unit).padEnd(4)}` +
            (s ? `  mean ${fmt(s.mean)}  std ${fmt(s.std)}  min ${fmt(s.min)}  max ${fmt(s.max)}` : '') + '\n');
        });
        const labels = new Map<string, number>();
        for (const e of f.events) labels.set(e.label, (labels.get(e.label) ?? 0) + 1);
        if (labels.size > 0) io.out(`  events: ${[...labels].map(([l, n]) => `${safe(l)} x${n}`).join(', ')}\n`);
      }
      return 0;
    } finally {
      opened.close();
    }
  },
};

/** Opens a recording after the shared file check: a missing, unreadable or non-regular path is bad input (exit 2), with the path named. */
export async function openRecordingOrUsage(file: string, repair: boolean) {
  checkInputFile(file);
  return openRecording(file, { repair });
}

function fmt(value: number): string {
  return Number.isFinite(value) ? Number(value.toPrecision(5)).toString() : String(value);
}
