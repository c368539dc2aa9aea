// Features chosen for each session (the start of the Select step), kept across pages.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { addFeatures, removeFeature, type SelectedFeature } from '../state/feature-selection.ts';

export const useSelectionStore = defineStore('selection', () => {
  const bySession = shallowRef<Record<number, SelectedFeature[]>>({});

  const featuresOf = (sessionId: number): SelectedFeature[] => bySession.value[sessionId] ?? [];
  const set = (sessionId: number, list: SelectedFeature[]) => {
    bySession.value = { ...bySession.value, [sessionId]: list };
  };
  const add = (sessionId: number, features: SelectedFeature[]) => set(sessionId, addFeatures(featuresOf(sessionId), features));
  const remove = (sessionId: number, feature: SelectedFeature) => set(sessionId, removeFeature(featuresOf(sessionId), feature));
  const clear = (sessionId: number) => set(sessionId, []);

  return { bySession, featuresOf, add, remove, clear };
});
