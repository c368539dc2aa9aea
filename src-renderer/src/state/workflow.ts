// The calibration workflow of a session as pure rules: its steps in order, and which one can be used now and, if not, why.

export const workflowSteps = ['record', 'extract', 'visualise', 'select', 'train'] as const;
export type WorkflowStep = (typeof workflowSteps)[number];

export const isWorkflowStep = (value: unknown): value is WorkflowStep => typeof value === 'string' && (workflowSteps as readonly string[]).includes(value);

/** What the rules look at; the session page gathers it from the stores. */
export interface WorkflowFacts {
  /** The session exists and belongs to the patient in the address. */
  sessionFound: boolean;
  /** State of this session's most recent feature job, `none` before the first. */
  extraction: 'none' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  /** A finished feature job of this session left a summary to look at (possibly from an earlier job). */
  hasFeatures: boolean;
  /** Features chosen so far for this session. */
  selectedFeatures: number;
  /** Training is to select features itself (automatic selection, set on the Select step). */
  automaticSelection: boolean;
  /** Whether this build's contract can train (`training.start`); until then the step says so instead of failing. */
  trainingSupported: boolean;
}

/** Why a step cannot be used; each has one sentence in the messages (`workflow.blocked.*`). */
export type StepBlock = 'sessionMissing' | 'extracting' | 'extractionFailed' | 'noFeatures' | 'noSelection' | 'trainingUnsupported';

export interface StepState {
  step: WorkflowStep;
  available: boolean;
  /** Set exactly when the step is not available. */
  blockedBy: StepBlock | null;
  /** The step that removes the block (where the clinician should go), when there is one. */
  unblockAt: WorkflowStep | null;
}

const open = (step: WorkflowStep): StepState => ({ step, available: true, blockedBy: null, unblockAt: null });
const blocked = (step: WorkflowStep, blockedBy: StepBlock, unblockAt: WorkflowStep | null): StepState => ({ step, available: false, blockedBy, unblockAt });

/** Why the views are not available yet: the job running, the last one failed, or nothing extracted. */
function featuresBlock(facts: WorkflowFacts): StepBlock {
  if (facts.extraction === 'queued' || facts.extraction === 'running') return 'extracting';
  if (facts.extraction === 'failed') return 'extractionFailed';
  return 'noFeatures';
}

/**
 * Each step's state, in workflow order. Recording and extraction are always open (runs can be added at any time);
 * the views and the selection need a finished extraction; training needs a selection (chosen features, or automatic
 * selection asked for) and a contract that trains.
 * A view of an earlier result stays open while a new extraction runs, so the clinician can keep reading it.
 */
export function workflowState(facts: WorkflowFacts): StepState[] {
  if (!facts.sessionFound) return workflowSteps.map((step) => blocked(step, 'sessionMissing', null));
  const views = (step: WorkflowStep) => (facts.hasFeatures ? open(step) : blocked(step, featuresBlock(facts), 'extract'));
  let train: StepState;
  if (!facts.hasFeatures) train = blocked('train', featuresBlock(facts), 'extract');
  else if (facts.selectedFeatures === 0 && !facts.automaticSelection) train = blocked('train', 'noSelection', 'visualise');
  else if (!facts.trainingSupported) train = blocked('train', 'trainingUnsupported', null);
  else train = open('train');
  return [open('record'), open('extract'), views('visualise'), views('select'), train];
}

export const stepState = (states: StepState[], step: WorkflowStep): StepState => states.find((s) => s.step === step) ?? blocked(step, 'sessionMissing', null);

/** The furthest step that can be used: where "continue" leads when a session is reopened. */
export function furthestAvailable(states: StepState[]): WorkflowStep {
  let last: WorkflowStep = 'record';
  for (const s of states) if (s.available) last = s.step;
  return last;
}

/** The route name of each step under a session (`session-extract`, ...). */
export const stepRouteName = (step: WorkflowStep): string => `session-${step}`;
