// The app's file dialogs where the window has them (Electron's preload bridge), else null: in a browser a file is named by its path.
import type { FileDialogName, FileDialogText, PreloadBridge } from '../../../src-main/contract/index.ts';

/** Opens one of the app's file dialogs: the paths chosen, none when cancelled. */
export type FilePicker = (dialog: FileDialogName, text: FileDialogText) => Promise<string[]>;

export const filePicker = (win: { neurofeat?: Pick<PreloadBridge, 'chooseFiles'> }): FilePicker | null => {
  const bridge = win.neurofeat;
  return bridge ? (dialog, text) => bridge.chooseFiles(dialog, text) : null;
};
