// The OpenEEG ModularEEG driver (P2 or P3 firmware): the board streams from power-up, so opening means seeing valid packets.
import { CoreError } from '../../core/errors.ts';
import { OPENEEG_BAUD, OPENEEG_DEFAULT_UV_PER_COUNT, OPENEEG_SAMPLE_RATE_HZ, OpenEegDecoder, type OpenEegProtocol } from '../../core/devices/openeeg.ts';
import { SerialDevice, type Handshake, type SerialDeviceOptions } from './serial-device.ts';
import type { SerialLink } from './serial-link.ts';

export interface OpenEegOptions extends SerialDeviceOptions {
  protocol: OpenEegProtocol;
  /** µV per ADC count of the analog board (default 0.5). */
  microvoltsPerCount?: number;
  /** How long to look for valid packets when opening (ms, default 2000). */
  replyTimeoutMs?: number;
}

export class OpenEegDevice extends SerialDevice {
  readonly id: string;
  protected readonly baudRate = OPENEEG_BAUD;
  private readonly openEeg: OpenEegOptions;

  constructor(options: OpenEegOptions) {
    super(options);
    this.openEeg = options;
    this.id = `openeeg-${options.protocol}`;
  }

  /** No commands exist: listen until two valid packets arrive, or say what came instead. */
  protected async handshake(link: SerialLink): Promise<Handshake> {
    const timeoutMs = this.openEeg.replyTimeoutMs ?? 2000;
    const probe = new OpenEegDecoder(this.openEeg.protocol, this.openEeg.microvoltsPerCount ?? OPENEEG_DEFAULT_UV_PER_COUNT);
    let fed = 0;
    const seen = await link.collect((text) => {
      probe.push(Buffer.from(text.slice(fed), 'latin1'));
      fed = text.length;
      return probe.stats.packets >= 2;
    }, timeoutMs);
    if (!seen.complete) {
      const what = seen.bytes === 0
        ? 'nothing arrived: is the board powered and the right port chosen?'
        : `${seen.bytes} bytes arrived but no ${this.openEeg.protocol.toUpperCase()} packet: wrong firmware protocol (P2/P3) or baud rate (${OPENEEG_BAUD})`;
      throw new CoreError('failed', `ModularEEG on ${link.path}: ${what}`, { port: link.path, problem: seen.bytes === 0 ? 'no-answer' : 'wrong-device' });
    }
    return {
      decoder: new OpenEegDecoder(this.openEeg.protocol, this.openEeg.microvoltsPerCount ?? OPENEEG_DEFAULT_UV_PER_COUNT),
      sampleRateHz: OPENEEG_SAMPLE_RATE_HZ,
      description: `OpenEEG ModularEEG (${this.openEeg.protocol.toUpperCase()}) on ${link.path}`,
    };
  }

  protected async startStreaming(): Promise<void> {
    // The ModularEEG streams all the time.
  }

  protected async stopStreaming(): Promise<void> {
    // Nothing to send: the driver stops listening.
  }
}
