// A byte-faithful OpenEEG ModularEEG (P2 or P3 firmware) on a pty: free-running 256 Hz packets of 6 channels, faults.
import { OPENEEG_BAUD, OPENEEG_DEFAULT_UV_PER_COUNT, type OpenEegProtocol } from '../../../core/devices/openeeg.ts';
import { SyntheticEeg } from '../../../core/synthetic-eeg.ts';
import { wallClockMs } from '../device.ts';
import { CueCycle, SerialSimulator, type SentSample, type SimulatorFault, type SimulatorLog } from './serial-simulator.ts';

/** FC3 FC4 C3 Cz C4 CPz of the 16-channel model. */
const MODEL_CHANNELS = [5, 7, 9, 11, 13, 15];

export interface OpenEegSimulatorOptions {
  protocol: OpenEegProtocol;
  microvoltsPerCount?: number;
  seed?: number;
  faults?: SimulatorFault[];
  log?: SimulatorLog;
  keepSent?: boolean;
  /** A Graz-like cue cycle (4 s rest, 4 s left or right) driving the mu/beta desynchronisation. */
  autoCues?: boolean;
}

export class OpenEegSimulator extends SerialSimulator {
  protected readonly packetRateHz = 256;
  protected readonly baudRate = OPENEEG_BAUD;
  /** Samples as sent (10-bit values), by stream index; samples cut by a fault have `counts` emptied. */
  readonly sent: SentSample[] = [];
  private readonly options: OpenEegSimulatorOptions;
  private readonly eeg: SyntheticEeg;
  private readonly cues: CueCycle | null;
  private index = 0;
  private dropBytes = 0;
  private badStop = false;
  private skip = 0;

  constructor(options: OpenEegSimulatorOptions) {
    super(options.faults ?? [], options.log ?? (() => undefined));
    this.options = options;
    this.cues = options.autoCues ? new CueCycle(256) : null;
    this.eeg = new SyntheticEeg({ nChannels: 16, sampleRateHz: 256, seed: options.seed ?? 3 });
    this.beginStream();
  }

  protected powerCycle(): void {
    this.beginStream();
  }

  protected applyFault(fault: SimulatorFault): void {
    switch (fault.name) {
      case 'drop-bytes': this.dropBytes = fault.arg ?? 5; break;
      case 'bad-stop': this.badStop = true; break;
      case 'counter-gap': this.skip = fault.arg ?? 3; break;
      case 'board-off': this.endStream(); break;
      case 'board-on': case 'reset': this.beginStream(); break;
      case 'garbage': this.send(Uint8Array.from({ length: fault.arg ?? 100 }, (_, i) => (i * 41 + 3) & 0x7f)); break;
      default: break;
    }
  }

  protected receive(): void {
    // The ModularEEG takes no commands.
  }

  protected nextPacket(): Uint8Array {
    const cue = this.cues?.next() ?? null;
    if (cue !== null) this.eeg.setCue(cue);
    const uv = this.eeg.generate(1);
    const scale = this.options.microvoltsPerCount ?? OPENEEG_DEFAULT_UV_PER_COUNT;
    const counts = Int32Array.from(MODEL_CHANNELS, (m) => Math.max(0, Math.min(1023, Math.round(uv[m] / scale) + 512)));
    const packet = this.options.protocol === 'p2' ? this.p2(counts) : this.p3(counts);
    if (this.options.keepSent) this.sent.push({ index: this.index, counts, atMs: wallClockMs() });
    this.index++;
    const lost = () => {
      if (this.options.keepSent) this.sent[this.sent.length - 1].counts = new Int32Array(0);
    };
    if (this.skip > 0) { this.skip--; lost(); return new Uint8Array(0); }
    if (this.dropBytes > 0) { const cut = Math.min(this.dropBytes, packet.length - 6); this.dropBytes = 0; lost(); return Uint8Array.from([...packet.subarray(0, 4), ...packet.subarray(4 + cut)]); }
    if (this.badStop) {
      this.badStop = false;
      lost();
      if (this.options.protocol === 'p3') packet[packet.length - 1] &= 0x7f;
      else packet[2] = 0x07;
    }
    return packet;
  }

  private p2(counts: Int32Array): Uint8Array {
    const b = new Uint8Array(17);
    b[0] = 0xa5; b[1] = 0x5a; b[2] = 0x02; b[3] = this.index & 0xff;
    for (let ch = 0; ch < 6; ch++) { b[4 + 2 * ch] = counts[ch] >> 8; b[5 + 2 * ch] = counts[ch] & 0xff; }
    b[16] = 0x00;
    return b;
  }

  private p3(counts: Int32Array): Uint8Array {
    const b = new Uint8Array(11);
    const counter = this.index & 0x3f;
    const aux = 0;
    b[0] = (counter << 1) | (aux >> 7);
    b[1] = aux & 0x7f;
    for (let k = 0; k < 3; k++) {
      const a = counts[2 * k], c = counts[2 * k + 1];
      b[2 + 3 * k] = a & 0x7f;
      b[3 + 3 * k] = c & 0x7f;
      b[4 + 3 * k] = ((a >> 7) << 4) | (c >> 7);
    }
    b[10] |= 0x80;
    return b;
  }
}
