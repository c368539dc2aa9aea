// The workflow state of one session, gathered from the stores for the pure rules in state/workflow.ts.
import { computed, type ComputedRef, type Ref } from 'vue';
import { isMethodName } from '../../../src-main/contract/index.ts';
import { workflowState, type StepState, type WorkflowFacts } from '../state/workflow.ts';
import { useJobsStore } from '../stores/jobs-store.ts';
import { usePatientsStore } from '../stores/patients-store.ts';
import { useSelectionStore } from '../stores/selection-store.ts';
import { useSessionsStore } from '../stores/sessions-store.ts';

export function useSessionWorkflow(ids: Ref<{ patientId: number; sessionId: number }>): { facts: ComputedRef<WorkflowFacts>; steps: ComputedRef<StepState[]> } {
  const patients = usePatientsStore();
  const sessions = useSessionsStore();
  const jobs = useJobsStore();
  const selection = useSelectionStore();
  const facts = computed<WorkflowFacts>(() => {
    const { patientId, sessionId } = ids.value;
    const listed = sessions.byPatient[patientId];
    // Until the lists have loaded the session is assumed to exist, so the steps do not flash as blocked.
    const sessionFound = Number.isFinite(sessionId) && (!patients.loaded || listed === undefined || listed.some((s) => s.id === sessionId));
    const latest = jobs.forSession(sessionId)[0];
    return {
      sessionFound,
      extraction: latest?.state ?? 'none',
      hasFeatures: jobs.latestResult(sessionId) !== null,
      selectedFeatures: selection.featuresOf(sessionId).length,
      automaticSelection: selection.modeOf(sessionId) === 'automatic',
      trainingSupported: isMethodName('training.start'),
    };
  });
  return { facts, steps: computed(() => workflowState(facts.value)) };
}
