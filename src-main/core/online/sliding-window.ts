// The online runtime's view of the stream: the last `windowSamples` of every channel, handed out every `stepSamples`.

/** One analysis window: channel-major `data[ch * nSamples + i]`, ending just before `endSample` (device clock). */
export interface AnalysisWindow {
  data: Float64Array;
  nChannels: number;
  nSamples: number;
  /** Sample number (from the start of acquisition) one past the window's last sample. */
  endSample: number;
}

/**
 * A ring buffer per channel. `push` takes blocks as they arrive (any size) and returns the windows that became due:
 * one every `stepSamples` once `windowSamples` have arrived, each exactly the samples [end - window, end).
 * HappyFeat's online scenario uses a 1 s window every 1/16 s; NeuroFeat uses the trained epoch length.
 */
export class SlidingWindow {
  readonly nChannels: number;
  readonly windowSamples: number;
  readonly stepSamples: number;
  private readonly ring: Float64Array;
  /** Samples pushed so far (the device clock). */
  private received = 0;
  private nextEnd: number;

  constructor(nChannels: number, windowSamples: number, stepSamples: number) {
    if (!Number.isInteger(nChannels) || nChannels < 1) throw new RangeError(`nChannels must be a positive integer, got ${nChannels}`);
    if (!Number.isInteger(windowSamples) || windowSamples < 1) throw new RangeError(`windowSamples must be a positive integer, got ${windowSamples}`);
    if (!Number.isInteger(stepSamples) || stepSamples < 1) throw new RangeError(`stepSamples must be a positive integer, got ${stepSamples}`);
    this.nChannels = nChannels;
    this.windowSamples = windowSamples;
    this.stepSamples = stepSamples;
    this.ring = new Float64Array(nChannels * windowSamples);
    this.nextEnd = windowSamples;
  }

  get samplesReceived(): number {
    return this.received;
  }

  /** Adds `nSamples` of channel-major `block` (`block[ch * nSamples + i]`); returns the windows now complete. */
  push(block: ArrayLike<number>, nSamples: number): AnalysisWindow[] {
    if (block.length !== nSamples * this.nChannels) {
      throw new RangeError(`A block of ${nSamples} samples x ${this.nChannels} channels needs ${nSamples * this.nChannels} values, got ${block.length}`);
    }
    const windows: AnalysisWindow[] = [];
    const w = this.windowSamples;
    let consumed = 0;
    while (consumed < nSamples) {
      // Copy up to the next window end, so each window is cut when its last sample has arrived.
      const take = Math.min(nSamples - consumed, this.nextEnd - this.received);
      for (let ch = 0; ch < this.nChannels; ch++) {
        const source = ch * nSamples + consumed;
        const base = ch * w;
        for (let i = 0; i < take; i++) this.ring[base + ((this.received + i) % w)] = block[source + i];
      }
      this.received += take;
      consumed += take;
      if (this.received === this.nextEnd) {
        windows.push(this.cut());
        this.nextEnd += this.stepSamples;
      }
    }
    return windows;
  }

  private cut(): AnalysisWindow {
    const w = this.windowSamples;
    const data = new Float64Array(this.nChannels * w);
    const start = this.received - w;
    const offset = start % w;
    for (let ch = 0; ch < this.nChannels; ch++) {
      const base = ch * w;
      data.set(this.ring.subarray(base + offset, base + w), base);
      data.set(this.ring.subarray(base, base + offset), base + w - offset);
    }
    return { data, nChannels: this.nChannels, nSamples: w, endSample: this.received };
  }
}
