// The workstation's settings (last device, LSL network scope, publishing), read from and saved to the data folder through the API.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { defaultWorkstationSettings, type ApiError, type Result, type SettingsInput, type SettingsView, type WorkstationSettings } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';

export const useSettingsStore = defineStore('settings', () => {
  const client = useClient();
  const view = shallowRef<SettingsView | null>(null);
  const loadError = shallowRef<ApiError | null>(null);
  const saveError = shallowRef<ApiError | null>(null);
  const saving = ref(false);
  /** The settings in force: the stored ones, the defaults until they are known. */
  const settings = computed<WorkstationSettings>(() => view.value?.settings ?? defaultWorkstationSettings);
  const loaded = computed(() => view.value !== null);

  async function load(): Promise<void> {
    const result = await client.call('settings.get', {});
    if (result.ok) {
      view.value = result.value;
      loadError.value = null;
    } else {
      loadError.value = result.error;
    }
  }

  /** Saves the sections given (each whole); the stored settings come back and replace ours. */
  async function save(patch: SettingsInput): Promise<Result<SettingsView>> {
    saving.value = true;
    saveError.value = null;
    const result = await client.call('settings.set', patch);
    saving.value = false;
    if (result.ok) view.value = result.value;
    else saveError.value = result.error;
    return result;
  }

  return { view, settings, loaded, loadError, saveError, saving, load, save };
});
