// Opens the recordings of a feature extraction as the CLI and the app's jobs both need them: windowed when possible, loaded whole otherwise.
import type { WindowedSource } from '../../core/epochs.ts';
import { loadRecording, type LoadedRecording } from '../recordings/load-recording.ts';
import { sha256File } from '../recordings/checksum.ts';
import { openWindowedRecordings } from './windowed-recordings.ts';

export interface FeatureSources {
  recordings: ((LoadedRecording & { name: string }) | WindowedSource)[];
  /** SHA-256 of every file (the feature cache's keys): from the open's sidecar check where it ran, else computed now. */
  checksums(): Promise<string[]>;
  close(): void;
}

/**
 * Filtering needs whole recordings, so `whole: true` (band-pass or notch asked for) loads them; otherwise the
 * files are opened for windowed reading so that only the epochs' bytes are decoded. Files whose channels do not
 * all share one rate cannot be read by window and are loaded whole as well.
 */
export async function openFeatureSources(paths: string[], options: { whole?: boolean; verified?: string[] } = {}): Promise<FeatureSources> {
  // Files whose SHA-256 the caller has just verified (a session's runs) are not hashed a second time.
  const verified = options.verified?.length === paths.length ? options.verified : undefined;
  const open = verified ? { verifyChecksum: false } : {};
  const windowed = options.whole ? null : await openWindowedRecordings(paths, open);
  if (windowed) {
    return {
      recordings: windowed.sources,
      checksums: () => Promise.all(paths.map((file, r) => verified?.[r] ?? windowed.checksums[r] ?? sha256File(file))),
      close: () => windowed.close(),
    };
  }
  const loaded: (LoadedRecording & { name: string })[] = [];
  // Named by their path, as windowed sources are, so that a message (runs that differ) names the file.
  for (const file of paths) loaded.push({ ...(await loadRecording(file, open)), name: file });
  return {
    recordings: loaded,
    checksums: () => Promise.all(loaded.map((r, i) => verified?.[i] ?? r.checksum.sha256 ?? sha256File(paths[i]))),
    close: () => undefined,
  };
}
