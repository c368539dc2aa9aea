// The workflow rules: which step of a session can be used, why not, and where the clinician goes to unblock it.
import { describe, expect, it } from 'vitest';
import { furthestAvailable, stepRouteName, stepState, workflowState, workflowSteps, type WorkflowFacts } from '../../../src-renderer/src/state/workflow.ts';

const facts = (over: Partial<WorkflowFacts> = {}): WorkflowFacts => ({
  sessionFound: true,
  extraction: 'none',
  hasFeatures: false,
  selectedFeatures: 0,
  automaticSelection: false,
  trainingSupported: false,
  ...over,
});
const summary = (f: WorkflowFacts) => workflowState(f).map((s) => `${s.step}:${s.available ? 'open' : `${s.blockedBy}->${s.unblockAt}`}`);

describe('workflow state', () => {
  it('lists the five steps in order, and only record and extract before any extraction', () => {
    expect(workflowState(facts()).map((s) => s.step)).toEqual([...workflowSteps]);
    expect(summary(facts())).toEqual(['record:open', 'extract:open', 'visualise:noFeatures->extract', 'select:noFeatures->extract', 'train:noFeatures->extract']);
  });

  it('says the views wait for a running or queued job, and points at Extract after a failed one', () => {
    expect(stepState(workflowState(facts({ extraction: 'running' })), 'visualise').blockedBy).toBe('extracting');
    expect(stepState(workflowState(facts({ extraction: 'queued' })), 'select').blockedBy).toBe('extracting');
    const failed = stepState(workflowState(facts({ extraction: 'failed' })), 'visualise');
    expect([failed.blockedBy, failed.unblockAt]).toEqual(['extractionFailed', 'extract']);
    expect(stepState(workflowState(facts({ extraction: 'cancelled' })), 'visualise').blockedBy).toBe('noFeatures');
  });

  it('opens the views once features exist, even while a newer extraction runs or after it failed', () => {
    for (const extraction of ['done', 'running', 'failed'] as const) {
      const states = workflowState(facts({ extraction, hasFeatures: true }));
      expect(stepState(states, 'visualise').available, extraction).toBe(true);
      expect(stepState(states, 'select').available, extraction).toBe(true);
    }
  });

  it('keeps training closed until features are chosen, then until the contract can train', () => {
    expect(summary(facts({ extraction: 'done', hasFeatures: true })).at(-1)).toBe('train:noSelection->visualise');
    expect(summary(facts({ extraction: 'done', hasFeatures: true, selectedFeatures: 2 })).at(-1)).toBe('train:trainingUnsupported->null');
    expect(summary(facts({ extraction: 'done', hasFeatures: true, selectedFeatures: 2, trainingSupported: true })).at(-1)).toBe('train:open');
    // Automatic selection opens training without a chosen feature; it still needs features to select from.
    expect(summary(facts({ extraction: 'done', hasFeatures: true, automaticSelection: true, trainingSupported: true })).at(-1)).toBe('train:open');
    expect(summary(facts({ extraction: 'done', hasFeatures: true, trainingSupported: true })).at(-1)).toBe('train:noSelection->visualise');
    expect(summary(facts({ extraction: 'none', automaticSelection: true, trainingSupported: true })).at(-1)).toBe('train:noFeatures->extract');
  });

  it('blocks every step of a session that does not exist', () => {
    const states = workflowState(facts({ sessionFound: false, hasFeatures: true }));
    expect(states.every((s) => !s.available && s.blockedBy === 'sessionMissing' && s.unblockAt === null)).toBe(true);
  });

  it('gives exactly one reason for each blocked step and none for an open one', () => {
    const all: WorkflowFacts['extraction'][] = ['none', 'queued', 'running', 'done', 'failed', 'cancelled'];
    for (const extraction of all) {
      for (const hasFeatures of [false, true]) {
        for (const selectedFeatures of [0, 3]) {
          for (const s of workflowState(facts({ extraction, hasFeatures, selectedFeatures }))) {
            expect(s.available, `${extraction} ${hasFeatures} ${selectedFeatures} ${s.step}`).toBe(s.blockedBy === null);
          }
        }
      }
    }
  });

  it('continues at the furthest open step and names routes after steps', () => {
    expect(furthestAvailable(workflowState(facts()))).toBe('extract');
    expect(furthestAvailable(workflowState(facts({ hasFeatures: true, extraction: 'done' })))).toBe('select');
    expect(stepRouteName('visualise')).toBe('session-visualise');
  });
});
