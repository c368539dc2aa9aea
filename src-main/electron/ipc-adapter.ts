// The IPC side of the contract: only frames from our own app origin may call, and every call goes through the API service.
import type { RecordingDialogText } from '../contract/client.ts';
import type { Result } from '../contract/errors.ts';
import { err } from '../contract/errors.ts';

export const INVOKE_CHANNEL = 'neurofeat:invoke';
export const EVENT_CHANNEL = 'neurofeat:event';
export const SIGNAL_PORT_CHANNEL = 'neurofeat:signal-port';
export const CHOOSE_RECORDINGS_CHANNEL = 'neurofeat:choose-recordings';
export const APP_ORIGIN = 'app://neurofeat';

export interface ApiLike {
  call(method: unknown, params: unknown): Promise<Result<unknown>>;
}

/** True for documents served by our own protocol (and the dev server in development). */
export function isTrustedSenderUrl(url: string | undefined, devServerUrl?: string): boolean {
  if (!url) return false;
  if (url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`)) return true;
  return devServerUrl !== undefined && devServerUrl !== '' && url.startsWith(devServerUrl);
}

/** Handles one `invoke` from a renderer; a call from any other frame gets an `unauthorized` error value. */
export function createInvokeHandler(api: ApiLike, devServerUrl?: string) {
  return async (senderUrl: string | undefined, method: unknown, params: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSenderUrl(senderUrl, devServerUrl)) {
      return err('unauthorized', `Calls are accepted only from NeuroFeat's own pages, not from ${senderUrl ?? 'an unknown frame'}.`);
    }
    return api.call(method, params);
  };
}

/** The file extensions a recording can have (`recordings.import` reads EDF/EDF+, BDF/BDF+, GDF and XDF). */
export const recordingExtensions = ['edf', 'bdf', 'gdf', 'xdf'];

/** What the recordings' dialog asks Electron's `dialog.showOpenDialog` for. */
export interface RecordingDialogOptions {
  title: string;
  properties: ('openFile' | 'multiSelections')[];
  filters: { name: string; extensions: string[] }[];
}

/**
 * Handles the clinician's request for the recordings' file dialog: only our own pages may open it; the text must be
 * two short strings; the paths chosen come back, none when the dialog was cancelled or refused.
 */
export function createChooseRecordingsHandler(showDialog: (options: RecordingDialogOptions) => Promise<{ canceled: boolean; filePaths: string[] }>, devServerUrl?: string) {
  return async (senderUrl: string | undefined, text: unknown): Promise<string[]> => {
    if (!isTrustedSenderUrl(senderUrl, devServerUrl) || !isDialogText(text)) return [];
    const extensions = recordingExtensions.flatMap((e) => [e, e.toUpperCase()]);
    const result = await showDialog({ title: text.title, properties: ['openFile', 'multiSelections'], filters: [{ name: text.filterName, extensions }] });
    return result.canceled ? [] : result.filePaths;
  };
}

const isDialogText = (text: unknown): text is RecordingDialogText => {
  const t = text as Partial<RecordingDialogText> | null;
  return typeof t === 'object' && t !== null && typeof t.title === 'string' && typeof t.filterName === 'string' && t.title.length <= 200 && t.filterName.length <= 200;
};
