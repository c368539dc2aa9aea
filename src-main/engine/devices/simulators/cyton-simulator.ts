// A byte-faithful OpenBCI Cyton (or Cyton + Daisy) on a pty: the command set, paced packets, lead-off tones, markers, faults.
//
// EEG comes from the core signal model (16 sensorimotor channels); the Cyton sends FC3 FCz FC4 C3 Cz C4 C5 C6,
// the Daisy all 16 in the model's order. Cues move the mu/beta rhythms: marker bytes `L`/`1` (left), `R`/`2`
// (right) and `0`/`N` (rest) set the cue, and `autoCues` runs a Graz-like cycle (rest 4 s, cue 4 s).
import { cytonMicrovoltsPerCount, CYTON_BAUD, CYTON_LEAD_OFF_AMPS, CYTON_LEAD_OFF_HZ, CYTON_SERIES_OHMS, cytonDefaultChannelSettings, parseCytonChannelCommand, parseCytonLeadOffCommand, type CytonChannelSettings } from '../../../core/devices/cyton.ts';
import { SyntheticEeg, type Cue } from '../../../core/synthetic-eeg.ts';
import { wallClockMs } from '../device.ts';
import { CueCycle, SerialSimulator, type SentSample, type SimulatorFault, type SimulatorLog } from './serial-simulator.ts';

const CYTON_MODEL_CHANNELS = [5, 6, 7, 9, 11, 13, 8, 14];
const FIRMWARE = 'v3.1.2';

export interface CytonSimulatorOptions {
  daisy: boolean;
  seed?: number;
  /** Electrode impedance per channel (Ω) seen by lead-off measurements; default 5 kΩ + 1 kΩ x channel index. */
  impedanceOhms?: number[];
  /** Graz-like cue cycle driving desynchronisation (and markers in marker mode). */
  autoCues?: boolean;
  faults?: SimulatorFault[];
  log?: SimulatorLog;
  /** Keep every sample sent (counts, sample-major) for tests. */
  keepSent?: boolean;
}

export class CytonSimulator extends SerialSimulator {
  protected readonly packetRateHz = 250;
  protected readonly baudRate = CYTON_BAUD;
  /** A Daisy module is fitted (the banner says so). */
  readonly daisyFitted: boolean;
  /** The Daisy's channels are streamed (16-channel mode; `c` turns it off, `C` and a reset on). */
  private daisy: boolean;
  readonly sent: SentSample[] = [];
  /** Markers sent, by sample index. */
  readonly sentMarkers: { index: number; label: string }[] = [];
  private readonly options: CytonSimulatorOptions;
  private eeg: SyntheticEeg;
  private settings: CytonChannelSettings[] = [];
  private leadOff: boolean[] = [];
  private boardMode = 0;
  private boardOff = false;
  private counter = 0;
  private sampleIndex = 0;
  /** Daisy: the board half of the current sample, sent after its Daisy half. */
  private boardHalf: Int32Array | null = null;
  private pendingMarker = 0;
  private command = '';
  private commandStartedMs = 0;
  private dropBytes = 0;
  private badStop = false;
  private skipPackets = 0;
  private cue: Cue = 'none';
  private cues: CueCycle | null = null;

  constructor(options: CytonSimulatorOptions) {
    super(options.faults ?? [], options.log ?? (() => undefined));
    this.options = options;
    this.daisyFitted = options.daisy;
    this.daisy = options.daisy;
    this.eeg = this.model();
    this.powerCycle();
  }

  /** The signal model at the rate of the current channel mode (125 Hz per channel with the Daisy). */
  private model(): SyntheticEeg {
    return new SyntheticEeg({ nChannels: 16, sampleRateHz: this.daisy ? 125 : 250, seed: this.options.seed ?? 1 });
  }

  private setDaisyActive(active: boolean): void {
    if (active === this.daisy) return;
    this.daisy = active;
    this.eeg = this.model();
    this.eeg.setCue(this.cue);
    this.cues = null;
  }

  get nEeg(): number {
    return this.daisy ? 16 : 8;
  }

  /** Channels (1-based) whose lead-off current is on. */
  get leadOffChannels(): number[] {
    return this.leadOff.flatMap((on, i) => (on ? [i + 1] : []));
  }

  /** Channel settings as the board holds them now. */
  get channelSettings(): readonly CytonChannelSettings[] {
    return this.settings.slice(0, this.nEeg);
  }

  protected powerCycle(): void {
    this.settings = Array.from({ length: 16 }, () => ({ ...cytonDefaultChannelSettings }));
    this.leadOff = new Array<boolean>(16).fill(false);
    this.boardMode = 0;
    this.command = '';
    this.endStream();
    this.setDaisyActive(this.daisyFitted);
  }

  protected applyFault(fault: SimulatorFault): void {
    switch (fault.name) {
      case 'drop-bytes': this.dropBytes = fault.arg ?? 5; break;
      case 'bad-stop': this.badStop = true; break;
      case 'counter-gap': this.skipPackets = fault.arg ?? 3; break;
      case 'board-off': this.boardOff = true; this.endStream(); break;
      case 'board-on': this.boardOff = false; break;
      case 'reset': this.softReset(); break;
      case 'garbage': this.send(Uint8Array.from({ length: fault.arg ?? 100 }, (_, i) => (i * 37 + 11) & 0x7f)); break;
      default: break;
    }
  }

  private banner(): string {
    const daisyLine = this.daisyFitted ? 'On Daisy ADS1299 Device ID: 0x3E\n' : '';
    return `OpenBCI V3 8-16 channel\nOn Board ADS1299 Device ID: 0x3E\n${daisyLine}LIS3DH Device ID: 0x33\nFirmware: ${FIRMWARE}\n$$$`;
  }

  private softReset(): void {
    this.powerCycle();
    this.reply(this.banner());
  }

  protected receive(bytes: Uint8Array): void {
    for (const byte of bytes) this.receiveByte(String.fromCharCode(byte));
  }

  private receiveByte(c: string): void {
    const now = Date.now();
    if (this.command.length > 0 && now - this.commandStartedMs > 1000) {
      this.command = '';
      this.textReply('Timeout processing multi byte message - please send all commands at once as of v2$$$');
    }
    if (this.command.length > 0) {
      this.command += c;
      this.continueCommand();
      return;
    }
    if (this.boardOff) {
      // The dongle answers for the board that does not poll it.
      if (c === 'v') this.reply('Failure: Communications timeout - Device failed to poll Host$$$');
      return;
    }
    if ('xz~/`'.includes(c)) {
      this.command = c;
      this.commandStartedMs = now;
      return;
    }
    this.singleCommand(c);
  }

  private continueCommand(): void {
    const cmd = this.command;
    const kind = cmd[0];
    if (kind === 'x' && cmd.length === 9) {
      this.command = '';
      const parsed = parseCytonChannelCommand(cmd);
      if (!parsed || parsed.channel > this.nEeg) return this.textReply('Failure: Err: too few chars$$$');
      this.settings[parsed.channel - 1] = parsed.settings;
      return this.textReply(`Success: Channel set for ${parsed.channel}$$$`);
    }
    if (kind === 'z' && cmd.length === 5) {
      this.command = '';
      const parsed = parseCytonLeadOffCommand(cmd);
      if (!parsed || parsed.channel > this.nEeg) return this.textReply('Failure: Err: too few chars$$$');
      this.leadOff[parsed.channel - 1] = parsed.p || parsed.n;
      return this.textReply(`Success: Lead off set for ${parsed.channel}$$$`);
    }
    if ((kind === '~' || kind === '/' || kind === '`') && cmd.length === 2) {
      this.command = '';
      const arg = cmd[1];
      if (kind === '`') {
        this.pendingMarker = arg.charCodeAt(0);
        this.cueFromMarker(arg);
        return;
      }
      if (kind === '~') return this.textReply(arg === '~' || arg === '6' ? 'Success: Sample rate is 250Hz$$$' : 'Success: Sample rate is 250Hz (the dongle streams at 250 Hz)$$$');
      if (arg === '/') return this.textReply(`Board mode is ${['default', 'debug', 'analog', 'digital', 'marker'][this.boardMode]}$$$`);
      const mode = Number(arg);
      if (!(mode >= 0 && mode <= 4)) return this.textReply('Failure: Board mode unknown$$$');
      this.boardMode = mode;
      return this.textReply(`Success: Board mode set to ${['default', 'debug', 'analog', 'digital', 'marker'][mode]}$$$`);
    }
  }

  private singleCommand(c: string): void {
    switch (c) {
      case 'v': this.softReset(); return;
      case 'b': if (!this.streaming) this.startStream(); return;
      case 's': this.endStream(); return;
      case 'd':
        this.settings = Array.from({ length: 16 }, () => ({ ...cytonDefaultChannelSettings }));
        return this.textReply('updating channel settings to default$$$');
      case 'D': return this.textReply('060110$$$');
      case 'c':
        this.setDaisyActive(false);
        return this.textReply(this.daisyFitted ? 'daisy removed$$$' : '$$$');
      case 'C':
        this.setDaisyActive(this.daisyFitted);
        return this.textReply(this.daisyFitted ? 'daisy attached16$$$' : 'no daisy to attach!8$$$');
      case 'V': return this.textReply(`${FIRMWARE}$$$`);
      default: {
        const off = '12345678qwertyui'.indexOf(c);
        const on = '!@#$%^&*QWERTYUI'.indexOf(c);
        if (off >= 0) this.settings[off].powerDown = true;
        else if (on >= 0) this.settings[on].powerDown = false;
      }
    }
  }

  /** Text replies are suppressed while streaming, as the firmware does. */
  private textReply(text: string): void {
    if (!this.streaming) this.reply(text);
  }

  private cueFromMarker(char: string): void {
    if ('L1'.includes(char)) this.setCue('left');
    else if ('R2'.includes(char)) this.setCue('right');
    else if ('0N'.includes(char)) this.setCue('none');
  }

  setCue(cue: Cue): void {
    this.cue = cue;
    this.eeg.setCue(cue);
  }

  private startStream(): void {
    this.counter = 0;
    this.sampleIndex = 0;
    this.boardHalf = null;
    this.beginStream();
  }

  /** The counts of the next sample (all 8 or 16 channels), with lead-off tones and powered-down channels. */
  private nextSample(): Int32Array {
    const fs = this.daisy ? 125 : 250;
    if (this.options.autoCues) this.autoCue(fs);
    const uv = this.eeg.generate(1);
    const counts = new Int32Array(this.nEeg);
    const t = this.sampleIndex / fs;
    for (let ch = 0; ch < this.nEeg; ch++) {
      const s = this.settings[ch];
      if (s.powerDown) continue;
      let value = s.input === 1 ? 0 : uv[this.daisy ? ch : CYTON_MODEL_CHANNELS[ch]];
      if (this.leadOff[ch]) {
        const ohms = this.options.impedanceOhms?.[ch] ?? 5000 + 1000 * ch;
        value += (ohms + CYTON_SERIES_OHMS) * CYTON_LEAD_OFF_AMPS * 1e6 * Math.sin(2 * Math.PI * CYTON_LEAD_OFF_HZ * t + 0.4);
      }
      counts[ch] = Math.max(-8388608, Math.min(8388607, Math.round(value / cytonMicrovoltsPerCount(s.gain))));
    }
    return counts;
  }

  private autoCue(fs: number): void {
    if (this.cues === null) this.cues = new CueCycle(fs);
    const cue = this.cues.next();
    if (cue === null) return;
    this.setCue(cue);
    if (cue !== 'none' && this.boardMode === 4) this.pendingMarker = cue === 'left' ? 0x4c : 0x52;
  }

  protected nextPacket(): Uint8Array {
    let counts: Int32Array;
    if (!this.daisy) {
      counts = this.nextSample();
      this.logSample(counts);
    } else if (this.boardHalf === null) {
      const all = this.nextSample();
      this.logSample(all);
      this.boardHalf = all.slice(0, 8);
      counts = all.slice(8, 16);
    } else {
      counts = this.boardHalf;
      this.boardHalf = null;
    }
    const packet = this.encode(counts);
    this.counter = (this.counter + 1) & 0xff;
    if (this.skipPackets > 0) {
      this.skipPackets--;
      this.markLost();
      return new Uint8Array(0);
    }
    if (this.dropBytes > 0) {
      const cut = this.dropBytes;
      this.dropBytes = 0;
      this.markLost();
      return Uint8Array.from([...packet.subarray(0, 10), ...packet.subarray(10 + cut)]);
    }
    if (this.badStop) {
      this.badStop = false;
      packet[32] = 0xb5;
      this.markLost();
    }
    return packet;
  }

  private encode(counts: Int32Array): Uint8Array {
    const packet = new Uint8Array(33);
    packet[0] = 0xa0;
    packet[1] = this.counter;
    for (let ch = 0; ch < 8; ch++) {
      const u = counts[ch] & 0xffffff;
      packet[2 + ch * 3] = u >> 16;
      packet[3 + ch * 3] = (u >> 8) & 0xff;
      packet[4 + ch * 3] = u & 0xff;
    }
    if (this.boardMode === 4) {
      packet[32] = 0xc1;
      if (this.pendingMarker !== 0 && (!this.daisy || this.counter % 2 === 1)) {
        packet[26] = this.pendingMarker;
        this.sentMarkers.push({ index: this.sampleIndex - 1, label: String.fromCharCode(this.pendingMarker) });
        this.pendingMarker = 0;
      }
    } else {
      packet[32] = 0xc0;
      if (this.counter % 10 === 0) {
        // Gravity on Z (1 g = 8000 LSB) with a little tremor on X and Y.
        const z = 8000, x = (this.sampleIndex * 7) % 40 - 20, y = 15;
        packet[26] = (x >> 8) & 0xff; packet[27] = x & 0xff;
        packet[28] = (y >> 8) & 0xff; packet[29] = y & 0xff;
        packet[30] = (z >> 8) & 0xff; packet[31] = z & 0xff;
      }
    }
    return packet;
  }

  private logSample(counts: Int32Array): void {
    if (this.options.keepSent) this.sent.push({ index: this.sampleIndex, counts: counts.slice(), atMs: wallClockMs() });
    this.sampleIndex++;
  }

  /** The sample the current packet belongs to did not arrive whole: tests compare only what was received. */
  private markLost(): void {
    if (this.options.keepSent && this.sent.length > 0) this.sent[this.sent.length - 1] = { ...this.sent[this.sent.length - 1], counts: new Int32Array(0) };
  }
}
