// Patients: the list from `patients.list`, creation through `patients.create`, and moving a patient between workstations (`patients.export`, `patients.import`).
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiError, Patient, PatientExport, PatientImport, PatientInput, Result } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';
import { sortPatients, upsertPatient } from '../state/patient-form.ts';

export const usePatientsStore = defineStore('patients', () => {
  const client = useClient();
  const patients = shallowRef<Patient[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const loadError = shallowRef<ApiError | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    const result = await client.call('patients.list', {});
    loading.value = false;
    if (result.ok) {
      patients.value = sortPatients(result.value);
      loadError.value = null;
      loaded.value = true;
    } else {
      loadError.value = result.error;
    }
  }

  async function create(input: PatientInput): Promise<Result<Patient>> {
    const result = await client.call('patients.create', input);
    if (result.ok) patients.value = upsertPatient(patients.value, result.value);
    return result;
  }

  /** Adds the patient of an archive; the list is loaded again so the new patient shows. */
  async function importArchive(path: string): Promise<Result<PatientImport>> {
    const result = await client.call('patients.import', { path });
    if (result.ok) await load();
    return result;
  }

  const exportRecord = (patientId: number, path: string): Promise<Result<PatientExport>> => client.call('patients.export', { patientId, path });

  const byId = (id: number): Patient | undefined => patients.value.find((p) => p.id === id);

  return { patients, loaded, loading, loadError, load, create, importArchive, exportRecord, byId };
});
