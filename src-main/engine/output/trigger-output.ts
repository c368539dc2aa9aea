// A rehabilitation device's command link (serial port or TCP): opened with clear errors, written without blocking, loss reported once.
import { connect, type Socket } from 'node:net';
import { CoreError } from '../../core/errors.ts';
import { decodeTriggerAck } from '../../core/online/trigger-message.ts';
import { formatTriggerOutputSpec, type TriggerOutputSpec } from '../../core/online/trigger-output-spec.ts';
import { SerialLink } from '../devices/serial-link.ts';

/** An open link to the device. After a loss it sends nothing more (the run goes on without it). */
export interface TriggerOutput {
  /** `serial:PATH@BAUD` or `tcp:HOST:PORT`. */
  readonly description: string;
  /** Queues bytes for the device; a failure is reported through `onLost`, never thrown. */
  send(bytes: Uint8Array): void;
  /** Called once, when the link is lost (port closed, peer gone, write failed), with the reason in words. */
  onLost(listener: (reason: string) => void): void;
  /** The reason the link was lost, or null while it works. */
  readonly lostReason: string | null;
  /** Acknowledgement lines (`{"type":"ack","seq":N}`) received so far, by sequence number. */
  readonly acknowledged: ReadonlySet<number>;
  /** Closes the link; safe to call more than once. */
  close(): Promise<void>;
}

export interface OpenTriggerOutputOptions {
  /** TCP: how long to wait for the connection (default 3000 ms). */
  connectTimeoutMs?: number;
}

/** Opens the link a spec names; rejects with a CoreError that names the port or address and the likely cause. */
export async function openTriggerOutput(spec: TriggerOutputSpec, options: OpenTriggerOutputOptions = {}): Promise<TriggerOutput> {
  return spec.kind === 'serial' ? openSerial(spec) : openTcp(spec, options.connectTimeoutMs ?? 3000);
}

/** The state every link shares: loss reported once, acknowledgements read from received lines. */
class LinkState {
  lostReason: string | null = null;
  readonly acknowledged = new Set<number>();
  private lostListener: ((reason: string) => void) | null = null;
  private partial = '';
  closing = false;

  lose(reason: string): void {
    if (this.lostReason !== null || this.closing) return;
    this.lostReason = reason;
    this.lostListener?.(reason);
  }

  onLost(listener: (reason: string) => void): void {
    this.lostListener = listener;
    if (this.lostReason !== null) listener(this.lostReason);
  }

  received(bytes: Uint8Array): void {
    this.partial += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
    const lines = this.partial.split('\n');
    this.partial = lines.pop() ?? '';
    if (this.partial.length > 4096) this.partial = ''; // a device that never ends a line
    for (const line of lines) {
      const ack = decodeTriggerAck(line.trim());
      if (ack) this.acknowledged.add(ack.seq);
    }
  }
}

async function openSerial(spec: Extract<TriggerOutputSpec, { kind: 'serial' }>): Promise<TriggerOutput> {
  const description = formatTriggerOutputSpec(spec);
  const link = await SerialLink.open(spec.path, spec.baudRate).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CoreError(error instanceof CoreError ? error.code : 'failed', `trigger output ${description}: ${reason}`, { field: 'trigger', value: description });
  });
  const state = new LinkState();
  link.onData((bytes) => state.received(bytes));
  link.onUnexpectedClose(() => state.lose(`serial port ${spec.path} closed (device unplugged or switched off)`));
  return {
    description,
    get lostReason() { return state.lostReason; },
    acknowledged: state.acknowledged,
    onLost: (listener) => state.onLost(listener),
    send(bytes) {
      if (state.lostReason !== null || state.closing) return;
      link.write(bytes).catch((error: unknown) => state.lose(`serial port ${spec.path}: writing failed (${error instanceof Error ? error.message : String(error)})`));
    },
    async close() {
      state.closing = true;
      await link.close();
    },
  };
}

async function openTcp(spec: Extract<TriggerOutputSpec, { kind: 'tcp' }>, timeoutMs: number): Promise<TriggerOutput> {
  const description = formatTriggerOutputSpec(spec);
  const where = `${spec.host}:${spec.port}`;
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect({ host: spec.host, port: spec.port });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new CoreError('failed', `trigger output ${description}: no answer from ${where} within ${timeoutMs} ms (is the device on and on this network?)`, { field: 'trigger', value: description }));
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      s.destroy();
      reject(new CoreError(error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' ? 'bad-input' : 'failed', `trigger output ${description}: ${connectFailure(error, where)}`, { field: 'trigger', value: description }));
    });
  });
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 1000); // a peer gone without closing (power cut, cable) is noticed by the kernel's probes
  const state = new LinkState();
  socket.on('data', (chunk: Buffer) => state.received(chunk));
  socket.on('error', (error: NodeJS.ErrnoException) => state.lose(`the device at ${where} is gone (${error.code ?? error.message})`));
  socket.on('close', () => state.lose(`the device at ${where} closed the connection`));
  return {
    description,
    get lostReason() { return state.lostReason; },
    acknowledged: state.acknowledged,
    onLost: (listener) => state.onLost(listener),
    send(bytes) {
      if (state.lostReason !== null || state.closing || socket.destroyed) return;
      socket.write(bytes);
    },
    async close() {
      state.closing = true;
      if (socket.destroyed) return;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 1000).unref();
      });
    },
  };
}

function connectFailure(error: NodeJS.ErrnoException, where: string): string {
  switch (error.code) {
    case 'ECONNREFUSED': return `connection refused by ${where}: nothing listens there (is the device's program running, on this port?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN': return `the host of ${where} is not known (check the name or use its IP address)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH': return `${where} cannot be reached from this computer (check the network and cable)`;
    default: return `could not connect to ${where} (${error.code ?? error.message})`;
  }
}
