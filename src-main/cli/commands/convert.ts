// `neurofeat convert IN OUT`: any supported recording written as EDF+ or BDF+ with every event as an annotation.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { checksumSidecarPath } from '../../core/formats/checksum-sidecar.ts';
import { convertToEdf, type ConvertResult } from '../../engine/recorder/convert.ts';
import { writeChecksumSidecar } from '../../services/recordings/checksum.ts';
import { printJson, UsageError, type Command } from '../command.ts';
import { openRecordingOrUsage } from './inspect.ts';
import { terminalSafe } from '../terminal-text.ts';

export const convertCommand: Command = {
  help: `Usage: neurofeat convert IN OUT [--json] [--overwrite]

Reads IN (EDF, EDF+, BDF, BDF+, GDF 1/2, XDF) and writes OUT as EDF+ (OUT ends in .edf, 16-bit) or
BDF+ (OUT ends in .bdf, 24-bit), with every event as an EDF+ annotation and a SHA-256 in OUT.sha256.
Channels keep their physical and digital ranges when the target can hold them; otherwise each channel's
range is its actual minimum and maximum, mapped onto the target's full digital range.
  --overwrite   replace OUT if it exists (by default an existing file is never replaced)`,
  options: {
    overwrite: { type: 'boolean' },
  },
  async run(args, io) {
    const [input, output, ...extra] = args.positionals;
    if (input === undefined || output === undefined) throw new UsageError('expected IN and OUT files');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const extension = path.extname(output).toLowerCase();
    if (extension !== '.edf' && extension !== '.bdf') throw new UsageError(`${output}: OUT must end in .edf (EDF+) or .bdf (BDF+)`);
    if (path.resolve(input) === path.resolve(output)) throw new UsageError(`${output}: OUT must differ from IN`);
    const overwrite = args.values.overwrite === true;
    if (!overwrite && existsSync(output)) throw new UsageError(`${output}: exists already (use --overwrite to replace it)`);
    const opened = await openRecordingOrUsage(input, false);
    try {
      const result = await convertInPlaceOf(output, overwrite, (temporary) => convertToEdf(opened.file, temporary, extension === '.bdf' ? 'BDF' : 'EDF'));
      const report = {
        file: output,
        format: extension === '.bdf' ? 'bdf+' : 'edf+',
        samplesWritten: result.samplesWritten[0] ?? 0,
        samplesPerChannel: result.samplesWritten,
        paddedSamples: result.paddedSamples,
        events: result.events,
        annotations: result.annotations,
        records: result.records,
        recordDurationSec: result.recordDurationSec,
        clippedSamples: result.clippedSamples,
        sha256: result.sha256,
        warnings: opened.file.warnings,
      };
      if (args.values.json === true) printJson(io, report);
      else io.out(`${terminalSafe(output)}: ${report.samplesWritten} samples x ${result.samplesWritten.length} channels, ${report.events} events, sha256 ${report.sha256}\n`);
      return 0;
    } finally {
      opened.close();
    }
  },
};

/**
 * Writes OUT and its sidecar as one: the conversion goes to a temporary file beside OUT, then the old sidecar
 * is removed, the file moved into place, and the new sidecar written (atomically). A crash at any point leaves
 * the old pair, or a file without sidecar, never a file beside a sidecar that does not match it.
 */
async function convertInPlaceOf(output: string, overwrite: boolean, convert: (temporary: string) => Promise<ConvertResult>): Promise<ConvertResult> {
  const temporary = path.join(path.dirname(output), `.${path.basename(output)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    const result = await convert(temporary);
    rmSync(checksumSidecarPath(temporary), { force: true });
    if (overwrite) {
      rmSync(checksumSidecarPath(output), { force: true });
      renameSync(temporary, output);
    } else {
      try {
        linkSync(temporary, output);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${output}: exists already (use --overwrite to replace it)`);
        throw error;
      }
    }
    writeChecksumSidecar(output, result.sha256);
    return { ...result, path: output, sidecarPath: checksumSidecarPath(output) };
  } finally {
    rmSync(temporary, { force: true });
    rmSync(checksumSidecarPath(temporary), { force: true });
  }
}
