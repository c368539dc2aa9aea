// The patient's window: the renderer's #/patient page full screen on a chosen display, no menu, black, sound without a click.
import { BrowserWindow, screen } from 'electron';
import type { PatientDisplayList, PatientWindowResult } from '../contract/api.ts';
import type { PatientWindowOpener } from '../services/handlers/protocol-handlers.ts';
import { chosenPatientDisplay, listPatientDisplays } from './patient-displays.ts';

export interface PatientWindowOptions {
  /** The renderer's page (`app://neurofeat/index.html`, or the dev server). */
  url: string;
  preload: string;
  /** The window joins the app's windows (it gets the pushed events). */
  onCreated: (window: BrowserWindow) => void;
}

/** This computer's displays, the clinician's being the primary one (`protocol.displays`). */
export const electronPatientDisplays = (): PatientDisplayList => listPatientDisplays(screen.getAllDisplays(), screen.getPrimaryDisplay().id);

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
    const chosen = chosenPatientDisplay(displays, primary.id, index);
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
    return { opened: true, display: chosen, displays: listPatientDisplays(displays, primary.id).displays };
  };
}
