// Handlers of training: attempts run as jobs on worker threads, the comparison of families, stored attempts, the session's model.
import type { HandlerMap, TrainingInput } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { chooseModel, listAttempts, requireAttempt } from '../storage/attempts.ts';
import { findSession } from '../storage/patients.ts';
import { comparisonJob, isStandardFamily, trainingJob } from '../training/app-training.ts';
import { verifiedModelFile } from '../training/verified-model.ts';
import { checkSessionRuns } from '../runs/run-files.ts';
import type { ServiceContext } from './service-context.ts';

export function trainingHandlers(context: ServiceContext): HandlerMap<'training.start' | 'training.compare' | 'attempts.list' | 'attempts.get' | 'models.choose'> {
  const storage = { db: () => context.storage(), dataDir: context.dataDir, version: context.version };
  return {
    'training.start': async (input) => {
      checkTrainingPayload('training.start', input);
      const { runs, files } = await checkSessionRuns(context.storage(), context.dataDir, input.sessionId, input.runIds);
      return context.jobs.start('training', trainingJob(storage, input, runs, files));
    },
    'training.compare': async (input) => {
      checkTrainingPayload('training.compare', input);
      const { runs, files } = await checkSessionRuns(context.storage(), context.dataDir, input.sessionId, input.runIds);
      return context.jobs.start('comparison', comparisonJob(storage, input, runs, files));
    },
    'attempts.list': (p) => {
      if (!findSession(context.storage(), p.sessionId)) throw new ApiFailure('not-found', `There is no session with id ${p.sessionId}.`, undefined, detail('missing', { thing: 'session', id: String(p.sessionId) }));
      return listAttempts(context.storage(), p.sessionId);
    },
    'attempts.get': (p) => requireAttempt(context.storage(), p.attemptId),
    'models.choose': async (p) => {
      const db = context.storage();
      const attempt = requireAttempt(db, p.attemptId);
      if (attempt.sessionId !== p.sessionId) {
        throw new ApiFailure('invalid-payload', `Attempt ${attempt.id} belongs to session ${attempt.sessionId}, not to session ${p.sessionId}.`, undefined, detail('other-session', { attemptId: attempt.id, sessionId: attempt.sessionId }));
      }
      await verifiedModelFile(context.dataDir, attempt);
      chooseModel(db, p.sessionId, attempt.id);
      return requireAttempt(db, attempt.id);
    },
  };
}

/** Refuses what the schema cannot say: settings a family does not take, leave-one-run-out on one run or with the standard path, an empty band. */
function checkTrainingPayload(method: 'training.start' | 'training.compare', input: Partial<TrainingInput> & Pick<TrainingInput, 'runIds'>): void {
  const refuse = (field: string, text: string) => {
    throw new ApiFailure('invalid-payload', `${method}: ${field}: ${text}.`, undefined, detail('invalid-field', { method, field, detail: text }));
  };
  if (input.cv?.kind === 'runs' && input.runIds.length < 2) refuse('cv', 'leave-one-run-out needs at least two runs');
  if (method === 'training.compare') {
    if (input.cv?.kind === 'runs') refuse('cv', 'the comparison includes the default procedure and the standard families, which use stratified k-fold; choose k-fold');
  } else {
    const family = input.family ?? 'auto';
    if (isStandardFamily(family)) {
      const settings = 'uses the standard settings (8-32 Hz band-pass of each whole run, no re-reference, every channel)';
      const what = family === 'auto' ? 'the default procedure' : `the ${family} family`;
      if (input.classifier !== undefined) refuse('classifier', `${what} has its own classifier`);
      if (input.features !== undefined) refuse('features', `${what} ${settings}; features apply to psd, fc and mixed`);
      if (input.selection !== undefined) refuse('selection', `${what} ${settings}; selection applies to psd, fc and mixed`);
      if (input.band !== undefined) refuse('band', `${what} ${settings}`);
      if (input.reference === 'car') refuse('reference', `${what} ${settings}`);
      if (input.cv?.kind === 'runs') refuse('cv', `${what} uses stratified k-fold`);
    } else {
      if (input.features && (family === 'csp' || family === 'ts')) refuse('features', `the ${family} family has no channel/band features`);
      if ((input.permutations ?? 0) > 0) refuse('permutations', `the per-window ${family} family has no permutation test; use the default procedure (auto) or a standard family`);
    }
  }
  if (input.band && !(input.band.fmaxHz > input.band.fminHz)) refuse('band', `expected fmaxHz > fminHz, got ${input.band.fminHz} to ${input.band.fmaxHz}`);
  for (const [i, f] of (input.features ?? []).entries()) if (!(f.fmaxHz >= f.fminHz)) refuse(`features[${i}]`, `expected fmaxHz ≥ fminHz, got ${f.fminHz} to ${f.fmaxHz}`);
}
