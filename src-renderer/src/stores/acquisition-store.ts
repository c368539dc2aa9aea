// Devices and acquisition: the device list, start and stop for a session, the status main pushes, and the session's recorded runs.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AcquisitionConfig, AcquisitionStatus, ApiError, DeviceDescriptor, DeviceSource, PublishInput, Result, Run } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';
import { useRunsStore } from './runs-store.ts';

export const useAcquisitionStore = defineStore('acquisition', () => {
  const client = useClient();
  const devices = shallowRef<DeviceDescriptor[]>([]);
  const devicesLoaded = ref(false);
  const devicesError = shallowRef<ApiError | null>(null);
  const status = shallowRef<AcquisitionStatus | null>(null);
  /** The last refusal of start or stop, shown until the next attempt. */
  const lastError = shallowRef<ApiError | null>(null);
  const busy = ref(false);
  /** Channel names of the last acquisition that had any, so a stopped view keeps its labels. */
  const lastChannels = shallowRef<string[]>([]);
  /** The session whose acquisition sent the window's trace (null: a signal check; undefined: none yet). */
  const traceSessionId = ref<number | null | undefined>(undefined);
  /** Which session's Record screen is open; its runs live in the runs store, shared with the Extract step. */
  const runsStore = useRunsStore();
  const runsSessionId = ref<number | null>(null);
  const runs = computed<Run[]>(() => (runsSessionId.value === null ? [] : runsStore.runsOf(runsSessionId.value)));
  const runsError = computed<ApiError | null>(() => runsStore.loadError);
  let subscribed = false;

  function setStatus(next: AcquisitionStatus) {
    const previous = status.value;
    status.value = next;
    if (next.state !== 'idle') traceSessionId.value = next.sessionId;
    if (next.channels.length > 0 && next.channels.join('\n') !== lastChannels.value.join('\n')) lastChannels.value = next.channels;
    // A recording of the listed session ended (stopped here, elsewhere, or by a fault): its run is now listed.
    if (previous && previous.state !== 'idle' && next.state === 'idle' && previous.recording && previous.sessionId !== null && previous.sessionId === runsSessionId.value) void loadRuns(previous.sessionId);
  }

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    client.on('acquisition.status', setStatus);
    // Cut off from the host, the window cannot know the amplifier's state: forget it rather than show a stale one.
    client.onConnection((info) => {
      if (info.state !== 'connected') status.value = null;
      else {
        void refreshStatus();
        if (runsSessionId.value !== null) void loadRuns(runsSessionId.value);
      }
    });
  }

  async function loadRuns(sessionId: number): Promise<void> {
    runsSessionId.value = sessionId;
    await runsStore.load(sessionId);
  }

  async function loadDevices(): Promise<void> {
    const result = await client.call('devices.list', {});
    if (result.ok) {
      devices.value = result.value;
      devicesError.value = null;
      devicesLoaded.value = true;
    } else {
      devicesError.value = result.error;
    }
  }

  async function refreshStatus(): Promise<void> {
    const result = await client.call('acquisition.status', {});
    if (result.ok) setStatus(result.value);
  }

  /** `record` false: a signal check (nothing written); a recording needs a session. `extra`: the device's source (port, stream, host, file) and LSL publishing. */
  async function start(device: string, sessionId: number | undefined, config: AcquisitionConfig, record = sessionId !== undefined, extra: { source?: DeviceSource; publish?: PublishInput } = {}): Promise<Result<AcquisitionStatus>> {
    busy.value = true;
    lastError.value = null;
    const more = { ...(extra.source ? { source: extra.source } : {}), ...(extra.publish ? { publish: extra.publish } : {}) };
    const result = await client.call('acquisition.start', sessionId === undefined ? { device, config, record: false, ...more } : { device, sessionId, config, record, ...more });
    busy.value = false;
    if (result.ok) setStatus(result.value);
    else lastError.value = result.error;
    return result;
  }

  /** Stops this session's acquisition (`sessionId` undefined: the signal check's); main refuses another session's. */
  async function stop(sessionId: number | undefined): Promise<Result<AcquisitionStatus>> {
    busy.value = true;
    lastError.value = null;
    const result = await client.call('acquisition.stop', sessionId === undefined ? {} : { sessionId });
    busy.value = false;
    if (result.ok) {
      setStatus(result.value);
      if (sessionId !== undefined && sessionId === runsSessionId.value) await loadRuns(sessionId);
    } else {
      lastError.value = result.error;
    }
    return result;
  }

  const clearError = () => {
    lastError.value = null;
  };

  /** The last refusal of an impedance measurement or its cancel, shown until the next attempt. */
  const impedanceError = shallowRef<ApiError | null>(null);

  /** Starts measuring the electrodes of this session's signal check (`sessionId` undefined: a check outside a session); progress comes with the status. */
  async function measureImpedance(sessionId: number | undefined, thresholdKOhm?: number): Promise<Result<AcquisitionStatus>> {
    impedanceError.value = null;
    const params = { ...(sessionId === undefined ? {} : { sessionId }), ...(thresholdKOhm === undefined ? {} : { thresholdKOhm }) };
    const result = await client.call('acquisition.impedance', params);
    if (result.ok) setStatus(result.value);
    else impedanceError.value = result.error;
    return result;
  }

  async function cancelImpedance(sessionId: number | undefined): Promise<Result<AcquisitionStatus>> {
    impedanceError.value = null;
    const result = await client.call('acquisition.impedanceCancel', sessionId === undefined ? {} : { sessionId });
    if (result.ok) setStatus(result.value);
    else impedanceError.value = result.error;
    return result;
  }

  return {
    devices, devicesLoaded, devicesError, status, lastChannels, traceSessionId, runs, runsSessionId, runsError, lastError, busy, impedanceError,
    subscribe, loadDevices, refreshStatus, loadRuns, start, stop, clearError, measureImpedance, cancelImpedance, clearImpedanceError: () => { impedanceError.value = null; },
  };
});
