// A serial port (or pty) for drivers and simulators: open with clear errors, write, receive bytes, wait for text replies.
import { SerialPort } from 'serialport';
import { badInput, CoreError } from '../../core/errors.ts';

/** Why a port could not be opened, in words a clinician or IT can act on. */
export function describeOpenError(path: string, error: unknown): CoreError {
  const text = error instanceof Error ? error.message : String(error);
  if (/no such file|ENOENT|cannot find|not found/i.test(text)) {
    return badInput(`serial port ${path} does not exist: check the cable or dongle, and the port name (neurofeat lists ports in the device panel)`, { field: 'port', value: path, problem: 'port-missing' });
  }
  if (/permission denied|EACCES|access denied/i.test(text)) {
    return badInput(`serial port ${path}: permission denied; on Linux add the user to the 'dialout' group (sudo usermod -aG dialout $USER) and log in again`, { field: 'port', value: path, problem: 'port-denied' });
  }
  if (/lock|busy|EBUSY|resource temporarily unavailable/i.test(text)) {
    return badInput(`serial port ${path} is busy: another program (OpenBCI GUI, a second NeuroFeat) holds it; close it and retry`, { field: 'port', value: path, problem: 'port-busy' });
  }
  return new CoreError('failed', `serial port ${path} could not be opened: ${text}`, { port: path });
}

export class SerialLink {
  readonly path: string;
  readonly baudRate: number;
  private port: SerialPort | null = null;
  private dataListener: ((bytes: Uint8Array) => void) | null = null;
  private closeListener: ((unexpected: boolean) => void) | null = null;
  private closing = false;

  private constructor(path: string, baudRate: number) {
    this.path = path;
    this.baudRate = baudRate;
  }

  /** Opens `path` at `baudRate` (8N1); the error names the port and the likely cause. */
  static async open(path: string, baudRate: number): Promise<SerialLink> {
    const link = new SerialLink(path, baudRate);
    await link.reopen();
    return link;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  /** Opens the same path again (after an unplug); rejects like `open`. */
  async reopen(): Promise<void> {
    if (this.port?.isOpen) return;
    this.closing = false;
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false, hupcl: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(describeOpenError(this.path, error)) : resolve())));
    port.on('data', (chunk: Buffer) => this.dataListener?.(chunk));
    port.on('error', () => undefined); // a 'close' follows every error that matters
    port.on('close', () => {
      if (this.port === port) this.port = null;
      if (!this.closing) this.closeListener?.(true);
    });
    this.port = port;
  }

  /** Where received bytes go (one listener; replaces the previous). */
  onData(listener: ((bytes: Uint8Array) => void) | null): void {
    this.dataListener = listener;
  }

  /** Hands bytes that arrived together with a reply on to the data listener. */
  redeliver(bytes: Uint8Array): void {
    if (bytes.length > 0) this.dataListener?.(bytes);
  }

  /** Called when the port closes without `close()` being called (unplugged, socat gone). */
  onUnexpectedClose(listener: ((unexpected: boolean) => void) | null): void {
    this.closeListener = listener;
  }

  async write(data: string | Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new CoreError('failed', `serial port ${this.path} is not open`, { port: this.path });
    await new Promise<void>((resolve, reject) => {
      port.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data), (error) => (error ? reject(error) : resolve()));
    });
  }

  /**
   * Collects received text until `done(text)` is true or `timeoutMs` passes; resolves with the text either way
   * (the caller decides what a missing reply means). Replaces the data listener while it waits.
   */
  async collect(done: (text: string) => boolean, timeoutMs: number): Promise<{ text: string; complete: boolean; bytes: number }> {
    const previous = this.dataListener;
    let text = '';
    let bytes = 0;
    try {
      return await new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ text, complete: false, bytes }), timeoutMs);
        this.dataListener = (chunk) => {
          bytes += chunk.length;
          text += Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1');
          if (done(text)) {
            clearTimeout(timer);
            resolve({ text, complete: true, bytes });
          }
        };
      });
    } finally {
      this.dataListener = previous;
    }
  }

  /** Closes the port; safe to call more than once. */
  async close(): Promise<void> {
    this.closing = true;
    const port = this.port;
    this.port = null;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

/** The serial ports of this machine, or why they cannot be listed (no udev on Linux, for example). */
export async function listSerialPorts(): Promise<{ ports: { path: string; manufacturer: string | null }[]; error: string | null }> {
  try {
    const ports = await SerialPort.list();
    return { ports: ports.map((p) => ({ path: p.path, manufacturer: p.manufacturer ?? null })), error: null };
  } catch (error) {
    return { ports: [], error: `serial ports cannot be listed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
