// Handlers of training: attempts run as jobs on worker threads, the comparison of families, stored attempts, the session's model.
import type { HandlerMap, TrainingInput } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { chooseModel, listAttempts, requireAttempt } from '../storage/attempts.ts';
import { findSession } from '../storage/patients.ts';
import { comparisonJob, trainingJob } from '../training/app-training.ts';
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

/** Refuses what the schema cannot say: features for a family that has none, leave-one-run-out on one run, an empty band. */
function checkTrainingPayload(method: 'training.start' | 'training.compare', input: Partial<TrainingInput> & Pick<TrainingInput, 'runIds'>): void {
  const refuse = (field: string, text: string) => {
    throw new ApiFailure('invalid-payload', `${method}: ${field}: ${text}.`, undefined, detail('invalid-field', { method, field, detail: text }));
  };
  if (input.features && (input.family === 'csp' || input.family === 'ts')) refuse('features', `the ${input.family} family has no channel/band features`);
  if (input.cv?.kind === 'runs' && input.runIds.length < 2) refuse('cv', 'leave-one-run-out needs at least two runs');
  if (input.band && !(input.band.fmaxHz > input.band.fminHz)) refuse('band', `expected fmaxHz > fminHz, got ${input.band.fminHz} to ${input.band.fmaxHz}`);
  for (const [i, f] of (input.features ?? []).entries()) if (!(f.fmaxHz >= f.fminHz)) refuse(`features[${i}]`, `expected fmaxHz ≥ fminHz, got ${f.fminHz} to ${f.fmaxHz}`);
}
