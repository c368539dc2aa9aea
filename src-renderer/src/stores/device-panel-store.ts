// The device panel's state: the form (device and its port/stream/host/file), preselected from the workstation's last choice, and what it offers: serial ports and LSL streams.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiError, DeviceDescriptor, LslDiscovery, SerialPortList } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';
import { emptyDeviceForm, formFor, preselectedDevice, type DeviceForm } from '../state/device-choice.ts';
import { useSettingsStore } from './settings-store.ts';

export const useDevicePanelStore = defineStore('device-panel', () => {
  const client = useClient();
  const settingsStore = useSettingsStore();
  const form = ref<DeviceForm>(emptyDeviceForm());
  const ports = shallowRef<SerialPortList | null>(null);
  const portsError = shallowRef<ApiError | null>(null);
  const loadingPorts = ref(false);
  const discovery = shallowRef<LslDiscovery | null>(null);
  const discoveryError = shallowRef<ApiError | null>(null);
  const discovering = ref(false);

  /** Switches the form to a device: its defaults, and what this workstation last used with it; the publish tick is kept. */
  function choose(device: DeviceDescriptor | null): void {
    const publish = form.value.deviceId === null ? settingsStore.settings.publish.enabled : form.value.publish;
    form.value = formFor(device, settingsStore.settings.device, publish);
  }

  /**
   * Preselects once the devices (and the settings) are known: the device in the address, else the workstation's last,
   * else the synthetic amplifier. A form already on a listed device (and not overruled by the address) stays as it is.
   */
  function preselect(devices: readonly DeviceDescriptor[], requested: string | null): void {
    const current = form.value.deviceId;
    const listed = current !== null && devices.some((d) => d.id === current);
    if (listed && (requested === null || requested === current || !devices.some((d) => d.id === requested))) return;
    const id = preselectedDevice(devices, requested, settingsStore.settings.device);
    choose(devices.find((d) => d.id === id) ?? null);
  }

  async function loadPorts(): Promise<void> {
    loadingPorts.value = true;
    const result = await client.call('devices.ports', {});
    loadingPorts.value = false;
    if (result.ok) {
      ports.value = result.value;
      portsError.value = null;
    } else {
      portsError.value = result.error;
    }
  }

  /** Asks for LSL streams for `timeoutSec`, within the workstation's scope (main adds it). */
  async function discover(timeoutSec = 1): Promise<void> {
    discovering.value = true;
    const result = await client.call('devices.discover', { timeoutSec });
    discovering.value = false;
    if (result.ok) {
      discovery.value = result.value;
      discoveryError.value = null;
    } else {
      discoveryError.value = result.error;
    }
  }

  return { form, ports, portsError, loadingPorts, discovery, discoveryError, discovering, choose, preselect, loadPorts, discover };
});
