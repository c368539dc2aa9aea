// Features chosen for each session (the start of the Select step) and how training uses them, kept across pages and
// page reloads in localStorage (per session; see docs/renderer.md for why not on the server).
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { addFeatures, editFeatureBand, removeFeature, restoreSelection, type SelectedFeature } from '../state/feature-selection.ts';
import type { AutoConstraints, SelectionChoice } from '../state/training.ts';

export const selectionStorageKey = (sessionId: number): string => `neurofeat.selection.session.${sessionId}`;

export const useSelectionStore = defineStore('selection', () => {
  /** Each session's choice, read from storage on first use. */
  const bySession = shallowRef<Record<number, SelectionChoice>>({});

  function choiceOf(sessionId: number): SelectionChoice {
    const known = bySession.value[sessionId];
    if (known) return known;
    let saved: unknown = null;
    try {
      saved = JSON.parse(localStorage.getItem(selectionStorageKey(sessionId)) ?? 'null');
    } catch {
      saved = null;
    }
    const choice = restoreSelection(saved);
    bySession.value = { ...bySession.value, [sessionId]: choice };
    return choice;
  }

  function update(sessionId: number, change: Partial<SelectionChoice>): void {
    const next = { ...choiceOf(sessionId), ...change };
    bySession.value = { ...bySession.value, [sessionId]: next };
    try {
      localStorage.setItem(selectionStorageKey(sessionId), JSON.stringify(next));
    } catch {
      // Private mode or a full quota: used now, just not remembered.
    }
  }

  const featuresOf = (sessionId: number): SelectedFeature[] => choiceOf(sessionId).features;
  const set = (sessionId: number, features: SelectedFeature[]) => update(sessionId, { features });
  const add = (sessionId: number, features: SelectedFeature[]) => set(sessionId, addFeatures(featuresOf(sessionId), features));
  const remove = (sessionId: number, feature: SelectedFeature) => set(sessionId, removeFeature(featuresOf(sessionId), feature));
  const clear = (sessionId: number) => set(sessionId, []);
  const editBand = (sessionId: number, feature: SelectedFeature, fminHz: number, fmaxHz: number) => set(sessionId, editFeatureBand(featuresOf(sessionId), feature, fminHz, fmaxHz));

  /** Whether training uses the chosen list or automatic selection, and automatic selection's constraints. */
  const modeOf = (sessionId: number): SelectionChoice['mode'] => choiceOf(sessionId).mode;
  const setMode = (sessionId: number, mode: SelectionChoice['mode']) => update(sessionId, { mode });
  const constraintsOf = (sessionId: number): AutoConstraints => choiceOf(sessionId).constraints;
  const setConstraints = (sessionId: number, next: AutoConstraints) => update(sessionId, { constraints: { ...next } });

  return { bySession, featuresOf, add, remove, clear, editBand, modeOf, setMode, constraintsOf, setConstraints, choiceOf };
});
