// The Extract form's parameters per patient, remembered in localStorage so the next session starts from the last choice.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { restoreExtractForm, type ExtractForm } from '../state/extract-params.ts';

export const extractStorageKey = (patientId: number): string => `neurofeat.extract.patient.${patientId}`;

export const useExtractStore = defineStore('extract', () => {
  /** Forms by patient id, read from storage on first use. */
  const forms = shallowRef<Record<number, ExtractForm>>({});

  function formFor(patientId: number): ExtractForm {
    const known = forms.value[patientId];
    if (known) return known;
    let saved: unknown = null;
    try {
      saved = JSON.parse(localStorage.getItem(extractStorageKey(patientId)) ?? 'null');
    } catch {
      saved = null;
    }
    const form = restoreExtractForm(saved);
    forms.value = { ...forms.value, [patientId]: form };
    return form;
  }

  function remember(patientId: number, form: ExtractForm): void {
    forms.value = { ...forms.value, [patientId]: { ...form } };
    try {
      localStorage.setItem(extractStorageKey(patientId), JSON.stringify(form));
    } catch {
      // Private mode or a full quota: used now, just not remembered.
    }
  }

  return { forms, formFor, remember };
});
