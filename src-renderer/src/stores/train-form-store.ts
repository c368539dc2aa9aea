// The Train form per session, kept across pages so that coming back to Train keeps the family, classifier, folds and permutations.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { defaultTrainForm, type TrainForm } from '../state/training.ts';

export const useTrainFormStore = defineStore('train-form', () => {
  const bySession = shallowRef<Record<number, TrainForm>>({});
  /** The session's form, or the defaults (the default procedure). */
  const formOf = (sessionId: number): TrainForm => bySession.value[sessionId] ?? defaultTrainForm();
  const setForm = (sessionId: number, form: TrainForm) => {
    bySession.value = { ...bySession.value, [sessionId]: { ...form } };
  };
  return { bySession, formOf, setForm };
});
