// The Train form per session, kept across pages so that coming back to Train keeps the family, classifier and folds.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { FeatureJobInput } from '../../../src-main/contract/index.ts';
import { defaultTrainForm, type TrainForm } from '../state/training.ts';

export const useTrainFormStore = defineStore('train-form', () => {
  const bySession = shallowRef<Record<number, TrainForm>>({});
  /** The session's form, or the defaults for the extraction the features came from. */
  const formOf = (sessionId: number, extraction: FeatureJobInput | null): TrainForm => bySession.value[sessionId] ?? defaultTrainForm(extraction);
  const setForm = (sessionId: number, form: TrainForm) => {
    bySession.value = { ...bySession.value, [sessionId]: { ...form } };
  };
  return { bySession, formOf, setForm };
});
