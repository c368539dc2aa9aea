// The recordings' file dialog where the window has one (Electron's preload bridge), else null: in a browser a recording is imported by its path.
import type { PreloadBridge, RecordingDialogText } from '../../../src-main/contract/index.ts';

export type RecordingPicker = (text: RecordingDialogText) => Promise<string[]>;

export const recordingPicker = (win: { neurofeat?: Pick<PreloadBridge, 'chooseRecordings'> }): RecordingPicker | null => {
  const bridge = win.neurofeat;
  return bridge ? (text) => bridge.chooseRecordings(text) : null;
};
