// A stand-in rehabilitation device (FES unit, robot, avatar) on a pty or a loopback TCP port: keeps and acknowledges the commands it receives.
import { createServer, type Server, type Socket } from 'node:net';
import { badInput } from '../../../core/errors.ts';
import { decodeTriggerMessage, encodeTriggerAck, type TriggerMessage } from '../../../core/online/trigger-message.ts';
import { wallClockMs } from '../device.ts';
import { SerialLink } from '../serial-link.ts';

/** One command as the device received it. */
export interface ReceivedCommand {
  /** Wall clock, ms since 1970, when its last byte arrived. */
  atMs: number;
  bytes: Uint8Array;
  /** The bytes as latin1 text, line end removed. */
  text: string;
  /** The trigger's JSON line decoded, or null for other commands (text, raw bytes). */
  message: TriggerMessage | null;
}

export interface TriggerSinkOptions {
  /** After this many commands the device goes away (port or connection closed, server stopped): a device switched off mid-run. */
  goneAfter?: number;
  /** Bytes not ended by a newline count as one command after this much silence (raw-byte protocols), ms; default 30. */
  idleGapMs?: number;
  /** Called for every command received. */
  onCommand?: (command: ReceivedCommand) => void;
  log?: (line: string) => void;
}

/**
 * Receives trigger commands. A command is a line (ended by `\n`) or, for raw bytes, what arrived before a silence of
 * `idleGapMs`. A JSON trigger line is answered with `{"type":"ack","seq":N}`; other commands get no answer.
 */
export class TriggerSinkSimulator {
  readonly received: ReceivedCommand[] = [];
  private readonly options: TriggerSinkOptions;
  private link: SerialLink | null = null;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private pending: number[] = [];
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private reply: ((text: string) => void) | null = null;
  private gone = false;

  constructor(options: TriggerSinkOptions = {}) {
    if (options.goneAfter !== undefined && !(Number.isInteger(options.goneAfter) && options.goneAfter >= 0)) {
      throw badInput(`goneAfter: expected a whole number of commands, got ${options.goneAfter}`, { field: 'goneAfter' });
    }
    this.options = options;
  }

  /** Opens one end of a pty pair (or a real port, to test a cable). */
  async listenSerial(path: string, baudRate: number): Promise<void> {
    const link = await SerialLink.open(path, baudRate);
    this.link = link;
    link.onData((bytes) => this.bytesArrived(bytes));
    this.reply = (text) => void link.write(text).catch(() => undefined);
  }

  /** Listens on a loopback TCP port (0: any free port); resolves with the port. One client at a time is served. */
  async listenTcp(port: number, host = '127.0.0.1'): Promise<number> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      this.options.log?.(`connection from ${socket.remoteAddress}:${socket.remotePort}`);
      this.reply = (text) => {
        if (!socket.destroyed) socket.write(text);
      };
      socket.on('data', (chunk: Buffer) => this.bytesArrived(chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(badInput(`trigger sink: cannot listen on ${host}:${port} (${error.code ?? error.message})`, { field: 'port', value: port })));
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    return typeof address === 'object' && address !== null ? address.port : port;
  }

  private bytesArrived(bytes: Uint8Array): void {
    if (this.gone) return;
    for (const byte of bytes) {
      this.pending.push(byte);
      if (byte === 0x0a) this.commandComplete();
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = this.pending.length > 0 ? setTimeout(() => this.commandComplete(), this.options.idleGapMs ?? 30) : null;
  }

  private commandComplete(): void {
    if (this.pending.length === 0 || this.gone) return;
    const bytes = Uint8Array.from(this.pending);
    this.pending = [];
    const text = Buffer.from(bytes).toString('latin1').replace(/\r?\n$/, '');
    const message = decodeTriggerMessage(text);
    const command: ReceivedCommand = { atMs: wallClockMs(), bytes, text, message };
    this.received.push(command);
    this.options.onCommand?.(command);
    if (message) this.reply?.(encodeTriggerAck(message.seq));
    if (this.options.goneAfter !== undefined && this.received.length >= this.options.goneAfter) void this.goAway();
  }

  /** The device switched off: the port or the connection closes, nothing more is received. */
  async goAway(): Promise<void> {
    if (this.gone) return;
    this.gone = true;
    this.options.log?.(`going away after ${this.received.length} commands`);
    await this.close();
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    await this.link?.close();
    this.link = null;
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
