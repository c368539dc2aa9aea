// Electron main process: one clinician window, the engine in a utilityProcess, the contract over IPC.
import { app, BrowserWindow, dialog, ipcMain, MessageChannelMain, session, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiService } from '../services/api-service.ts';
import { EngineSupervisor, type EngineHandle } from '../services/engine-supervisor.ts';
import { useFeatureWorkerFile } from '../services/jobs/feature-job.ts';
import { useComputeWorkerFile } from '../services/jobs/compute-job.ts';
import { resolveDataDir } from '../services/paths.ts';
import { softwareVersion } from '../services/version.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { electronPatientDisplays, patientWindowOpener } from './patient-window.ts';
import { APP_ORIGIN, createFileDialogHandler, createInvokeHandler, EVENT_CHANNEL, FILE_DIALOG_CHANNEL, INVOKE_CHANNEL, isTrustedSenderUrl, SIGNAL_PORT_CHANNEL } from './ipc-adapter.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const dataDirFlag = process.argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
const dataDir = resolveDataDir(dataDirFlag);

// The feature, training and view jobs' worker threads run the bundle's own entry, emitted next to this file (electron.vite.config.ts).
useFeatureWorkerFile(path.join(here, 'feature-worker.js'));
useComputeWorkerFile(path.join(here, 'compute-worker.js'));

registerAppScheme();
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

let engineProcess: UtilityProcess | null = null;
const windows = new Set<BrowserWindow>();

function launchEngine(): EngineHandle {
  const child = utilityProcess.fork(path.join(here, 'engine.js'), [], { serviceName: 'NeuroFeat engine', stdio: 'inherit' });
  engineProcess = child;
  return {
    send: (message) => child.postMessage(message),
    onMessage: (handler) => child.on('message', handler),
    onExit: (handler) => child.on('exit', (code) => handler(`exit code ${code}`)),
    kill: () => void child.kill(),
    // A stopped (hung) engine ignores SIGTERM: the watchdog's kill must be SIGKILL.
    forceKill: () => {
      if (child.pid) process.kill(child.pid, 'SIGKILL');
    },
    get pid() {
      return child.pid;
    },
  };
}

/** Gives a window a MessagePort wired straight to the engine: signal frames never pass through main. */
function connectSignalPort(contents: WebContents): void {
  if (!engineProcess || contents.isDestroyed()) return;
  const { port1, port2 } = new MessageChannelMain();
  engineProcess.postMessage({ kind: 'attach-port' }, [port1]);
  contents.postMessage(SIGNAL_PORT_CHANNEL, null, [port2]);
}

const engine = new EngineSupervisor({
  launch: launchEngine,
  onEngineStatus: (status) => api.emit('engine.status', status),
  onAcquisitionStatus: (status) => api.emit('acquisition.status', status),
  onReady: () => windows.forEach((w) => connectSignalPort(w.webContents)),
});
// The patient's window gets the pushed events like the clinician's (it draws the protocol's cues).
const openPatientWindow = patientWindowOpener({
  url: devServerUrl ?? `${APP_ORIGIN}/index.html`,
  preload: path.join(here, '../preload/preload.cjs'),
  onCreated: (window) => {
    windows.add(window);
    window.on('closed', () => windows.delete(window));
  },
});
const api: ApiService = new ApiService({ dataDir, transport: 'electron', version: softwareVersion(), engine, log: (line) => console.error(line), openPatientWindow, listPatientDisplays: electronPatientDisplays });
api.onEvent((event, payload) => {
  for (const window of windows) if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event, payload);
});

const invoke = createInvokeHandler(api, devServerUrl);
ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, params: unknown) => invoke(event.senderFrame?.url, method, params));
// The app's file dialogs, modal to the window that asked (`dialog.showOpenDialog` and `showSaveDialog` read at each call: the e2e tests stub them).
ipcMain.handle(FILE_DIALOG_CHANNEL, (event, name: unknown, text: unknown) => {
  const owner = BrowserWindow.fromWebContents(event.sender);
  const choose = createFileDialogHandler({
    open: (options) => (owner ? dialog.showOpenDialog(owner, options) : dialog.showOpenDialog(options)),
    save: (options) => (owner ? dialog.showSaveDialog(owner, options) : dialog.showSaveDialog(options)),
  }, devServerUrl);
  return choose(event.senderFrame?.url, name, text);
});

function lockDown(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedSenderUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

/** The clinician's windows, among `windows` (which also holds the patient's). */
const clinicianWindows = new Set<BrowserWindow>();

function createClinicianWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title: 'NeuroFeat',
    show: false,
    backgroundColor: '#f7f8fa',
    icon: path.join(here, '../../resources/icon.svg'),
    webPreferences: {
      preload: path.join(here, '../preload/preload.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  windows.add(window);
  clinicianWindows.add(window);
  window.on('closed', () => {
    windows.delete(window);
    clinicianWindows.delete(window);
    // The patient's window has no controls: when the last clinician's window closes, it closes too and the app quits.
    if (clinicianWindows.size === 0) for (const other of windows) if (!other.isDestroyed()) other.close();
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('did-finish-load', () => connectSignalPort(window.webContents));
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}

app.whenReady().then(async () => {
  lockDown();
  serveRenderer(path.join(here, '../renderer'));
  await engine.start();
  createClinicianWindow();
  app.on('activate', () => {
    if (clinicianWindows.size === 0) createClinicianWindow();
  });
});

app.on('second-instance', () => {
  const [first] = clinicianWindows;
  if (first) {
    if (first.isMinimized()) first.restore();
    first.focus();
  }
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  void engine.stop();
  api.close();
});
