// The IPC side of the contract: only frames from our own app origin may call, and every call goes through the API service.
import { fileDialogNames, type FileDialogName, type FileDialogText } from '../contract/client.ts';
import type { Result } from '../contract/errors.ts';
import { err } from '../contract/errors.ts';

export const INVOKE_CHANNEL = 'neurofeat:invoke';
export const EVENT_CHANNEL = 'neurofeat:event';
export const SIGNAL_PORT_CHANNEL = 'neurofeat:signal-port';
export const FILE_DIALOG_CHANNEL = 'neurofeat:choose-files';
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

/** What an open dialog asks Electron's `dialog.showOpenDialog` for. */
export interface OpenDialogOptions {
  title: string;
  properties: ('openFile' | 'multiSelections')[];
  filters: { name: string; extensions: string[] }[];
}

/** What a save dialog asks Electron's `dialog.showSaveDialog` for. */
export interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
}

/** Electron's two dialogs, as the handler uses them (modal to the asking window in main.ts, stubbed in tests). */
export interface DialogShowers {
  open(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  save(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
}

/** Each of the app's file dialogs: open (one file or several) or save, and the extensions its filter shows. */
const fileDialogs: Record<FileDialogName, { mode: 'open'; several: boolean; extensions: string[] } | { mode: 'save'; extensions: string[] }> = {
  recordings: { mode: 'open', several: true, extensions: recordingExtensions },
  'patient-archive-open': { mode: 'open', several: false, extensions: ['tar'] },
  'patient-archive-save': { mode: 'save', extensions: ['tar'] },
};

/**
 * Handles the clinician's request for one of the app's file dialogs: only our own pages may open it, and only a dialog
 * the app has; the text must be two short strings (and, for a save dialog, a bare file name with the dialog's
 * extension); the paths chosen come back, none when the dialog was cancelled or refused.
 */
export function createFileDialogHandler(show: DialogShowers, devServerUrl?: string) {
  return async (senderUrl: string | undefined, name: unknown, text: unknown): Promise<string[]> => {
    if (!isTrustedSenderUrl(senderUrl, devServerUrl) || !isFileDialogName(name) || !isDialogText(text)) return [];
    const dialog = fileDialogs[name];
    const filters = [{ name: text.filterName, extensions: dialog.extensions.flatMap((e) => [e, e.toUpperCase()]) }];
    if (dialog.mode === 'save') {
      if (!isBareFileName(text.defaultName, dialog.extensions)) return [];
      const saved = await show.save({ title: text.title, defaultPath: text.defaultName, filters });
      return saved.canceled || !saved.filePath ? [] : [saved.filePath];
    }
    const opened = await show.open({ title: text.title, properties: dialog.several ? ['openFile', 'multiSelections'] : ['openFile'], filters });
    if (opened.canceled) return [];
    return dialog.several ? opened.filePaths : opened.filePaths.slice(0, 1);
  };
}

const isFileDialogName = (name: unknown): name is FileDialogName => (fileDialogNames as readonly unknown[]).includes(name);

const isDialogText = (text: unknown): text is FileDialogText => {
  const t = text as Partial<FileDialogText> | null;
  return typeof t === 'object' && t !== null && typeof t.title === 'string' && typeof t.filterName === 'string' && t.title.length <= 200 && t.filterName.length <= 200;
};

/** A file name without a folder (no separator, no control character, not `.` or `..`), at most 200 characters, ending in one of `extensions`. */
const isBareFileName = (name: unknown, extensions: string[]): name is string =>
  typeof name === 'string' &&
  name.length <= 200 &&
  !/[/\\]/.test(name) &&
  ![...name].some((c) => c.charCodeAt(0) < 0x20) &&
  extensions.some((e) => name.toLowerCase().endsWith(`.${e}`) && name.length > e.length + 1);
