// The "Choose…" next to a path field: one of the app's file dialogs fills the field with the path chosen; null where there are no dialogs (a browser).
import type { Ref } from 'vue';
import type { FileDialogName, FileDialogText } from '../../../src-main/contract/index.ts';
import type { FilePicker } from '../api/file-dialog.ts';

/** Opens `dialog` worded by `text()` (read at each click: the window's language) and puts the path chosen in `field`; a cancelled dialog leaves the field as it was. */
export function pathChooser(pick: FilePicker | null, dialog: FileDialogName, text: () => FileDialogText, field: Ref<string>): (() => Promise<void>) | null {
  if (!pick) return null;
  return async () => {
    const [chosen] = await pick(dialog, text());
    if (chosen !== undefined) field.value = chosen;
  };
}
