// A byte-faithful g.tec Unicorn Hybrid Black on a pty: start/stop commands acknowledged, 45-byte frames at 250 Hz, faults.
import { UNICORN_BAUD, UNICORN_EEG_UV_PER_COUNT, UNICORN_START, UNICORN_STOP } from '../../../core/devices/unicorn.ts';
import { SyntheticEeg } from '../../../core/synthetic-eeg.ts';
import { wallClockMs } from '../device.ts';
import { CueCycle, SerialSimulator, type SentSample, type SimulatorFault, type SimulatorLog } from './serial-simulator.ts';

/** The Unicorn's positions Fz C3 Cz C4 Pz PO7 Oz PO8 taken from the 16-channel model (Pz/PO7/Oz/PO8 from its CPz). */
const MODEL_CHANNELS = [3, 9, 11, 13, 15, 15, 15, 15];

export interface UnicornSimulatorOptions {
  seed?: number;
  faults?: SimulatorFault[];
  log?: SimulatorLog;
  keepSent?: boolean;
  /** A Graz-like cue cycle (4 s rest, 4 s left or right) driving the mu/beta desynchronisation. */
  autoCues?: boolean;
}

export class UnicornSimulator extends SerialSimulator {
  protected readonly packetRateHz = 250;
  protected readonly baudRate = UNICORN_BAUD;
  /** Frames as sent, by stream index (the counter); frames cut by a fault have `counts` emptied. */
  readonly sent: SentSample[] = [];
  private readonly options: UnicornSimulatorOptions;
  private readonly eeg: SyntheticEeg;
  private readonly cues: CueCycle | null;
  private counter = 0;
  private received: number[] = [];
  private dropBytes = 0;
  private badStop = false;
  private skip = 0;
  private poweredOff = false;

  constructor(options: UnicornSimulatorOptions = {}) {
    super(options.faults ?? [], options.log ?? (() => undefined));
    this.options = options;
    this.cues = options.autoCues ? new CueCycle(250) : null;
    this.eeg = new SyntheticEeg({ nChannels: 16, sampleRateHz: 250, seed: options.seed ?? 2 });
  }

  protected powerCycle(): void {
    this.endStream();
    this.received = [];
  }

  protected applyFault(fault: SimulatorFault): void {
    switch (fault.name) {
      case 'drop-bytes': this.dropBytes = fault.arg ?? 5; break;
      case 'bad-stop': this.badStop = true; break;
      case 'counter-gap': this.skip = fault.arg ?? 3; break;
      case 'board-off': this.poweredOff = true; this.endStream(); break;
      case 'board-on': this.poweredOff = false; break;
      case 'reset': this.powerCycle(); break;
      case 'garbage': this.send(Uint8Array.from({ length: fault.arg ?? 100 }, (_, i) => (i * 53 + 7) & 0xff)); break;
      default: break;
    }
  }

  protected receive(bytes: Uint8Array): void {
    if (this.poweredOff) return;
    for (const byte of bytes) {
      this.received.push(byte);
      if (this.received.length < 3) continue;
      const command = this.received.splice(0, 3);
      if (command.every((b, i) => b === UNICORN_START[i])) {
        this.send(Uint8Array.of(0, 0, 0));
        this.beginStream();
      } else if (command.every((b, i) => b === UNICORN_STOP[i])) {
        this.endStream();
        this.send(Uint8Array.of(0, 0, 0));
      }
    }
  }

  protected nextPacket(): Uint8Array {
    const cue = this.cues?.next() ?? null;
    if (cue !== null) this.eeg.setCue(cue);
    const uv = this.eeg.generate(1);
    const counts = Int32Array.from(MODEL_CHANNELS, (m) => Math.round(uv[m] / UNICORN_EEG_UV_PER_COUNT));
    const frame = new Uint8Array(45);
    frame[0] = 0xc0;
    frame[1] = 0x00;
    frame[2] = 0x0c; // 3.9 V
    for (let ch = 0; ch < 8; ch++) {
      const u = counts[ch] & 0xffffff;
      frame[3 + ch * 3] = u >> 16;
      frame[4 + ch * 3] = (u >> 8) & 0xff;
      frame[5 + ch * 3] = u & 0xff;
    }
    const motion = [12, -30, 4096, 3, -2, 1]; // accelerometer (1 g on Z) then gyroscope, LSBs
    motion.forEach((v, k) => {
      frame[27 + 2 * k] = v & 0xff;
      frame[28 + 2 * k] = (v >> 8) & 0xff;
    });
    const c = this.counter >>> 0;
    frame[39] = c & 0xff; frame[40] = (c >>> 8) & 0xff; frame[41] = (c >>> 16) & 0xff; frame[42] = (c >>> 24) & 0xff;
    frame[43] = 0x0d;
    frame[44] = 0x0a;
    if (this.options.keepSent) this.sent.push({ index: this.counter, counts, atMs: wallClockMs() });
    this.counter++;
    const lost = () => {
      if (this.options.keepSent) this.sent[this.sent.length - 1].counts = new Int32Array(0);
    };
    if (this.skip > 0) { this.skip--; lost(); return new Uint8Array(0); }
    if (this.dropBytes > 0) { const cut = this.dropBytes; this.dropBytes = 0; lost(); return Uint8Array.from([...frame.subarray(0, 10), ...frame.subarray(10 + cut)]); }
    if (this.badStop) { this.badStop = false; frame[44] = 0x0b; lost(); }
    return frame;
  }
}
