// What an acquisition publishes as LSL outlets while it runs: the raw signal, its markers (cues included), and the online classifier's decisions.
import type { AcquisitionPublishing, NetworkSettings, PublishInput } from '../../contract/api.ts';
import type { DeviceInfo, DeviceMarker, SampleBlock } from '../devices/device.ts';
import type { LslOutlet } from './lsl-outlet.ts';
import { lslClock, lslConfigOf, lslNetwork } from './lsl-network.ts';
import { LslPublisher, openDecisionOutlet } from './lsl-publisher.ts';

export class AcquisitionPublisher {
  private readonly publisher: LslPublisher;
  private readonly publish: PublishInput;
  private readonly network: NetworkSettings;
  private readonly log: (message: string) => void;
  private decisions: LslOutlet | null = null;
  private decisionClasses: readonly string[] = [];
  private closed = false;
  /** Decisions pushed since the decision outlet opened. */
  decisionsSent = 0;

  private constructor(publisher: LslPublisher, publish: PublishInput, network: NetworkSettings, log: (message: string) => void) {
    this.publisher = publisher;
    this.publish = publish;
    this.network = network;
    this.log = log;
  }

  /** Opens the signal outlet (and the marker outlet when named), bound within `network` (this machine when absent). */
  static async open(deviceId: string, info: DeviceInfo, publish: PublishInput, network: NetworkSettings | undefined, log: (message: string) => void = () => undefined): Promise<AcquisitionPublisher> {
    const reach = network ?? { scope: 'machine', knownPeers: [] };
    const publisher = await LslPublisher.open(deviceId, info, { name: publish.signal, markers: publish.markers, network: lslConfigOf(reach), log });
    return new AcquisitionPublisher(publisher, publish, reach, log);
  }

  /** What the status shows: the outlets' names and how far they reach. */
  describe(): AcquisitionPublishing {
    const { scope, knownPeers } = lslNetwork(lslConfigOf(this.network));
    return { signal: this.publish.signal, markers: this.publish.markers ?? null, decisions: this.publish.decisions ?? null, scope, knownPeers };
  }

  /** The signal outlet (its `info` has the bound ports). */
  get signalOutlet(): LslOutlet {
    return this.publisher.signal;
  }

  get markerOutlet(): LslOutlet | null {
    return this.publisher.markerOutlet;
  }

  get decisionOutlet(): LslOutlet | null {
    return this.decisions;
  }

  /** Samples published so far (lost ones counted, as the recording counts them). */
  get samples(): number {
    return this.publisher.samples;
  }

  block(block: SampleBlock): void {
    if (!this.closed) this.publisher.block(block);
  }

  marker(marker: DeviceMarker): void {
    if (!this.closed) this.publisher.marker(marker);
  }

  /** A cue (its annotation text, `769`/`770`) on the marker outlet, stamped as the current end of the signal. */
  cue(label: string): void {
    this.marker({ sampleIndex: this.publisher.samples, label, durationSec: 0 });
  }

  /**
   * For the protocol runner: opens the decision outlet (one float32 channel per class, irregular rate) when the
   * acquisition was started with `publish.decisions`. Resolves false when no decision outlet was asked for.
   */
  async openDecisions(classes: readonly string[]): Promise<boolean> {
    if (this.closed || !this.publish.decisions) return false;
    if (this.decisions && this.decisionClasses.join('\n') === classes.join('\n')) return true;
    await this.decisions?.close();
    this.decisions = await openDecisionOutlet(this.publish.decisions, classes, { network: lslConfigOf(this.network), log: this.log });
    this.decisionClasses = [...classes];
    return true;
  }

  /**
   * For the protocol runner: one classifier decision (a value per class, in the order given to `openDecisions`),
   * stamped now on the LSL clock unless a time stamp is given. Does nothing (false) before `openDecisions`.
   */
  publishDecision(values: readonly number[], timestamp: number = lslClock()): boolean {
    const outlet = this.decisions;
    if (this.closed || !outlet) return false;
    if (values.length !== this.decisionClasses.length) {
      this.log(`LSL decisions: ${values.length} values for ${this.decisionClasses.length} classes; not published`);
      return false;
    }
    outlet.pushSamples([{ timestamp, values: [...values] }]);
    this.decisionsSent++;
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.decisions?.close();
    this.decisions = null;
    await this.publisher.close();
  }
}
