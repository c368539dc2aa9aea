// A patient's progress over sessions (`review.patient`): the review shown on the progress screen, or why it could not be read.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiError, PatientReview } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';

export const useReviewStore = defineStore('review', () => {
  const client = useClient();
  /** The last review read (of the patient last asked for); shallow: it is replaced whole, never edited. */
  const review = shallowRef<PatientReview | null>(null);
  const error = shallowRef<ApiError | null>(null);
  const loading = ref(false);
  /** Each load's number: a reply to an older load (another patient asked for since) is dropped. */
  let latest = 0;

  async function load(patientId: number): Promise<void> {
    const ticket = ++latest;
    loading.value = true;
    if (review.value?.patient.id !== patientId) review.value = null;
    const result = await client.call('review.patient', { patientId });
    if (ticket !== latest) return;
    loading.value = false;
    if (result.ok) {
      review.value = result.value;
      error.value = null;
    } else {
      review.value = null;
      error.value = result.error;
    }
  }

  /** The review of `patientId` if it is the one held. */
  const of = (patientId: number): PatientReview | null => (review.value?.patient.id === patientId ? review.value : null);

  return { review, error, loading, load, of };
});
