// The patient's window: the renderer's #/patient page full screen on a chosen display, no menu, black, sound without a click.
import { BrowserWindow, screen, type Display } from 'electron';
import type { PatientWindowResult } from '../contract/api.ts';
import type { PatientWindowOpener } from '../services/handlers/protocol-handlers.ts';

export interface PatientWindowOptions {
  /** The renderer's page (`app://neurofeat/index.html`, or the dev server). */
  url: string;
  preload: string;
  /** The window joins the app's windows (it gets the pushed events). */
  onCreated: (window: BrowserWindow) => void;
}

/** Display `index` if there is one; otherwise the first that is not the clinician's (primary), else the primary. */
export function chooseDisplay(displays: Display[], primaryId: number, index: number | undefined): number {
  if (index !== undefined && index >= 0 && index < displays.length) return index;
  const other = displays.findIndex((d) => d.id !== primaryId);
  return other >= 0 ? other : Math.max(0, displays.findIndex((d) => d.id === primaryId));
}

export function patientWindowOpener(options: PatientWindowOptions): PatientWindowOpener {
  let window: BrowserWindow | null = null;
  let shownOn: number | null = null;

  // The patient's display unplugged: the window leaves full screen (it would otherwise cover the clinician's).
  screen.on('display-removed', (_event, removed) => {
    if (window && !window.isDestroyed() && shownOn === removed.id) {
      window.setFullScreen(false);
      shownOn = null;
    }
  });

  return async (index): Promise<PatientWindowResult> => {
    const displays = screen.getAllDisplays();
    const primary = screen.getPrimaryDisplay();
    const chosen = chooseDisplay(displays, primary.id, index);
    const display = displays[chosen];
    if (!window || window.isDestroyed()) {
      window = new BrowserWindow({
        ...display.bounds,
        title: 'NeuroFeat – patient',
        backgroundColor: '#000000',
        autoHideMenuBar: true,
        frame: false,
        show: false,
        webPreferences: { preload: options.preload, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, spellcheck: false, autoplayPolicy: 'no-user-gesture-required' },
      });
      const created = window;
      options.onCreated(created);
      created.once('ready-to-show', () => created.show());
      void created.loadURL(`${options.url}#/patient`);
    }
    window.setFullScreen(false);
    window.setBounds(display.bounds);
    window.setFullScreen(true);
    window.show();
    shownOn = display.id;
    return {
      opened: true,
      display: chosen,
      displays: displays.map((d, i) => ({ index: i, label: d.label || `${d.bounds.width}x${d.bounds.height}`, primary: d.id === primary.id })),
    };
  };
}
