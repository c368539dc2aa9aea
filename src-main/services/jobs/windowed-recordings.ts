// Opens recordings as windowed sources so that cutting epochs decodes only the epochs' bytes, not whole files.
import { openRecording, type OpenOptions, type OpenedRecording } from '../recordings/load-recording.ts';
import type { WindowedSource } from '../../core/epochs.ts';

export interface WindowedRecordings {
  sources: WindowedSource[];
  /** SHA-256 per file when the open checked it (sidecar present), else null. */
  checksums: (string | null)[];
  close(): void;
}

/**
 * Opens every file for windowed reading. Only files whose channels all share the file's rate qualify
 * (the common case for EEG); returns null otherwise, and the caller loads whole recordings instead.
 */
export async function openWindowedRecordings(paths: string[], options: OpenOptions = {}): Promise<WindowedRecordings | null> {
  const opened: OpenedRecording[] = [];
  const closeAll = () => { for (const o of opened) o.close(); };
  try {
    for (const p of paths) opened.push(await openRecording(p, options));
    if (opened.some((o) => o.file.channels.some((c) => c.sampleRateHz !== o.file.sampleRateHz))) {
      closeAll();
      return null;
    }
  } catch (error) {
    closeAll();
    throw error;
  }
  const sources = opened.map((o): WindowedSource => {
    const all = o.file.channels.map((_, i) => i);
    return {
      name: o.path,
      sampleRateHz: o.file.sampleRateHz,
      nSamples: o.file.nSamples,
      channels: o.file.channels,
      events: o.file.events,
      segments: o.file.segments,
      readWindow: (start, n) => o.file.readSamples(all, start, n),
    };
  });
  return { sources, checksums: opened.map((o) => o.checksum.sha256), close: closeAll };
}
