// Recording a clinical assessment from the progress screen: the form, its check field by field, the `assessments.add` call, and "Correct" on a row.
import { reactive, ref, shallowRef } from 'vue';
import type { ApiError, Assessment, PatientReview } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';
import { checkAssessmentForm, correctionForm, emptyAssessmentForm, localDay, type AssessmentFieldProblem, type AssessmentForm } from '../state/assessments.ts';

/** The form's state for the review `review()`; `recorded` is told of each assessment main accepted (the page reloads the review). */
export function useAssessmentForm(review: () => Pick<PatientReview, 'sessions'>, recorded: (assessment: Assessment) => void | Promise<void>) {
  const client = useClient();
  const form = reactive<AssessmentForm>(emptyAssessmentForm(review()));
  const problems = shallowRef<AssessmentFieldProblem[]>([]);
  const error = shallowRef<ApiError | null>(null);
  const busy = ref(false);
  /** The assessment last recorded, to say so. */
  const last = shallowRef<Assessment | null>(null);

  const problemOf = (field: AssessmentFieldProblem['field']): AssessmentFieldProblem | null => problems.value.find((p) => p.field === field) ?? null;

  /** A session chosen: the day follows it (the day the session was held), as long as this is not a correction. */
  function chooseSession(sessionId: number | null): void {
    form.sessionId = sessionId;
    const session = review().sessions.find((s) => s.sessionId === sessionId);
    if (session) form.assessedAt = localDay(new Date(session.startedAt));
  }

  function correct(assessment: Assessment): void {
    Object.assign(form, correctionForm(assessment));
    problems.value = [];
    error.value = null;
    last.value = null;
  }

  function reset(): void {
    Object.assign(form, emptyAssessmentForm(review()));
    problems.value = [];
    error.value = null;
  }

  /** Checks the form; sends it when every field fits. Answers whether main recorded it. */
  async function submit(): Promise<boolean> {
    if (busy.value) return false;
    last.value = null;
    error.value = null;
    const checked = checkAssessmentForm(form);
    if (!checked.ok) {
      problems.value = checked.problems;
      return false;
    }
    problems.value = [];
    busy.value = true;
    try {
      const result = await client.call('assessments.add', checked.input);
      if (!result.ok) {
        error.value = result.error;
        return false;
      }
      last.value = result.value;
      reset();
      await recorded(result.value);
      return true;
    } finally {
      busy.value = false;
    }
  }

  return { form, problems, problemOf, error, busy, last, chooseSession, correct, reset, submit };
}
