// The sandboxed preload: exposes the contract as `window.neurofeat` and hands the signal port to the page.
import { contextBridge, ipcRenderer } from 'electron';
import type { PreloadBridge } from '../contract/client.ts';

// The preload runs in a page; the Node-side type check has no DOM library, so name the one global used.
declare const window: { postMessage(message: unknown, targetOrigin: string, transfer?: unknown[]): void; location: { origin: string } };

// Channel names are repeated here rather than imported: a sandboxed preload is one self-contained file.
const bridge: PreloadBridge = {
  invoke: (method, params) => ipcRenderer.invoke('neurofeat:invoke', method, params),
  subscribe(handler) {
    const listener = (_event: Electron.IpcRendererEvent, name: string, payload: unknown) => handler(name, payload);
    ipcRenderer.on('neurofeat:event', listener);
    return () => void ipcRenderer.removeListener('neurofeat:event', listener);
  },
  chooseFiles: (dialog, text) => ipcRenderer.invoke('neurofeat:choose-files', dialog, text),
};

contextBridge.exposeInMainWorld('neurofeat', bridge);

ipcRenderer.on('neurofeat:signal-port', (event) => {
  window.postMessage({ type: 'neurofeat:signal-port' }, window.location.origin, event.ports);
});
