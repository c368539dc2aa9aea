// Devices and acquisition: the device list, start and stop, and the status main pushes while it runs.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AcquisitionConfig, AcquisitionStatus, ApiError, DeviceDescriptor, Result } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';

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
  let subscribed = false;

  function setStatus(next: AcquisitionStatus) {
    status.value = next;
    if (next.channels.length > 0 && next.channels.join('\n') !== lastChannels.value.join('\n')) lastChannels.value = next.channels;
  }

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    client.on('acquisition.status', setStatus);
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

  async function start(device: string, sessionId: number | undefined, config: AcquisitionConfig): Promise<Result<AcquisitionStatus>> {
    busy.value = true;
    lastError.value = null;
    const result = await client.call('acquisition.start', sessionId === undefined ? { device, config } : { device, sessionId, config });
    busy.value = false;
    if (result.ok) setStatus(result.value);
    else lastError.value = result.error;
    return result;
  }

  async function stop(): Promise<Result<AcquisitionStatus>> {
    busy.value = true;
    lastError.value = null;
    const result = await client.call('acquisition.stop', {});
    busy.value = false;
    if (result.ok) setStatus(result.value);
    else lastError.value = result.error;
    return result;
  }

  const clearError = () => {
    lastError.value = null;
  };

  return { devices, devicesLoaded, devicesError, status, lastChannels, lastError, busy, subscribe, loadDevices, refreshStatus, start, stop, clearError };
});
