// An attempt's model file, checked against the SHA-256 stored when it was trained: a missing or altered model is never used.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Attempt } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { sha256File } from '../recordings/checksum.ts';

/** The absolute path of the attempt's intact model; refuses an attempt without one, a missing file, an altered file. */
export async function verifiedModelFile(dataDir: string, attempt: Attempt): Promise<string> {
  if (!attempt.model) {
    throw new ApiFailure('bad-input', `Attempt ${attempt.id} has no model file${attempt.modelNote ? `: ${attempt.modelNote}` : ''}.`, 'Choose an attempt with a model, or train one with an exportable pipeline.', detail('no-model', { attemptId: attempt.id }));
  }
  const file = path.join(dataDir, attempt.model.file);
  if (!existsSync(file)) throw new ApiFailure('file-changed', `The model of attempt ${attempt.id} (${file}) is missing.`, 'Train the attempt again.', detail('file-changed', { thing: 'model', id: attempt.id, missing: true }));
  const sha256 = await sha256File(file);
  if (sha256 !== attempt.model.sha256) {
    throw new ApiFailure('file-changed', `The model of attempt ${attempt.id} (${file}) was altered since it was trained (SHA-256 ${sha256.slice(0, 12)}…, stored ${attempt.model.sha256.slice(0, 12)}…).`, 'Train the attempt again; an altered model is never used.', detail('file-changed', { thing: 'model', id: attempt.id, missing: false }));
  }
  return file;
}
