// The g.tec Unicorn Hybrid Black driver over its Bluetooth serial port: start/stop commands with acknowledgement, 45-byte frames.
import { CoreError } from '../../core/errors.ts';
import { UNICORN_BAUD, UNICORN_SAMPLE_RATE_HZ, UNICORN_START, UNICORN_STOP, UnicornDecoder } from '../../core/devices/unicorn.ts';
import { SerialDevice, sleep, type Handshake, type SerialDeviceOptions } from './serial-device.ts';
import type { SerialLink } from './serial-link.ts';

export interface UnicornOptions extends SerialDeviceOptions {
  /** How long to wait for the acknowledgement of start (ms, default 3000). */
  replyTimeoutMs?: number;
}

export class UnicornDevice extends SerialDevice {
  readonly id = 'unicorn';
  protected readonly baudRate = UNICORN_BAUD;
  private readonly unicorn: UnicornOptions;
  /** How long start waits for its acknowledgement (shorter while reconnecting: the next attempt follows). */
  private ackTimeoutMs = 3000;

  constructor(options: UnicornOptions) {
    super(options);
    this.unicorn = options;
  }

  /** The Unicorn has no identification command: a stop (harmless when idle) clears any stream left running. */
  protected async handshake(link: SerialLink, reconnecting: boolean): Promise<Handshake> {
    this.ackTimeoutMs = reconnecting ? Math.min(1000, this.unicorn.replyTimeoutMs ?? 3000) : this.unicorn.replyTimeoutMs ?? 3000;
    await link.write(UNICORN_STOP);
    await link.collect(() => false, 150);
    return { decoder: new UnicornDecoder(), sampleRateHz: UNICORN_SAMPLE_RATE_HZ, description: `g.tec Unicorn Hybrid Black on ${link.path}` };
  }

  /** Sends start and waits for the `00 00 00` acknowledgement; the frames that follow go to the decoder. */
  protected async startStreaming(link: SerialLink): Promise<void> {
    const timeoutMs = this.ackTimeoutMs;
    const ack = link.collect((text) => text.length >= 3, timeoutMs);
    await link.write(UNICORN_START);
    const reply = await ack;
    const bytes = Buffer.from(reply.text, 'latin1');
    if (!reply.complete) throw new CoreError('failed', `no acknowledgement from the Unicorn on ${link.path} within ${timeoutMs / 1000} s: is it switched on and paired?`, { port: link.path, problem: 'no-answer' });
    if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0) {
      throw new CoreError('failed', `${link.path} answered the Unicorn start command with ${bytes.subarray(0, 3).toString('hex')} instead of 000000: wrong device or baud rate`, { port: link.path, problem: 'wrong-device' });
    }
    link.redeliver(bytes.subarray(3));
  }

  protected async stopStreaming(link: SerialLink): Promise<void> {
    await link.write(UNICORN_STOP);
    await sleep(50);
  }
}
