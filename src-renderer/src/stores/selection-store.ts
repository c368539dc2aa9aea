// Features chosen for each session (the start of the Select step), kept across pages.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { addFeatures, editFeatureBand, removeFeature, type SelectedFeature } from '../state/feature-selection.ts';
import { defaultAutoConstraints, type AutoConstraints, type SelectionChoice } from '../state/training.ts';

export const useSelectionStore = defineStore('selection', () => {
  const bySession = shallowRef<Record<number, SelectedFeature[]>>({});

  const featuresOf = (sessionId: number): SelectedFeature[] => bySession.value[sessionId] ?? [];
  const set = (sessionId: number, list: SelectedFeature[]) => {
    bySession.value = { ...bySession.value, [sessionId]: list };
  };
  const add = (sessionId: number, features: SelectedFeature[]) => set(sessionId, addFeatures(featuresOf(sessionId), features));
  const remove = (sessionId: number, feature: SelectedFeature) => set(sessionId, removeFeature(featuresOf(sessionId), feature));
  const clear = (sessionId: number) => set(sessionId, []);
  const editBand = (sessionId: number, feature: SelectedFeature, fminHz: number, fmaxHz: number) => set(sessionId, editFeatureBand(featuresOf(sessionId), feature, fminHz, fmaxHz));

  /** Whether training uses the chosen list or automatic selection, and automatic selection's constraints. */
  const modes = shallowRef<Record<number, SelectionChoice['mode']>>({});
  const constraints = shallowRef<Record<number, AutoConstraints>>({});
  const modeOf = (sessionId: number): SelectionChoice['mode'] => modes.value[sessionId] ?? 'chosen';
  const setMode = (sessionId: number, mode: SelectionChoice['mode']) => {
    modes.value = { ...modes.value, [sessionId]: mode };
  };
  const constraintsOf = (sessionId: number): AutoConstraints => constraints.value[sessionId] ?? defaultAutoConstraints();
  const setConstraints = (sessionId: number, next: AutoConstraints) => {
    constraints.value = { ...constraints.value, [sessionId]: { ...next } };
  };
  const choiceOf = (sessionId: number): SelectionChoice => ({ mode: modeOf(sessionId), features: featuresOf(sessionId), constraints: constraintsOf(sessionId) });

  return { bySession, featuresOf, add, remove, clear, editBand, modes, constraints, modeOf, setMode, constraintsOf, setConstraints, choiceOf };
});
