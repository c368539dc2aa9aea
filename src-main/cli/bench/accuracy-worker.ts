// Worker thread of the accuracy bench: scores its share of the subjects and posts one row per subject.
import { parentPort, workerData } from 'node:worker_threads';
import { scoreSubject } from './accuracy.ts';
import type { StandardFamily } from '../../core/ml/family-choice.ts';

const { subjects, families } = workerData as { subjects: { id: string; files: string[] }[]; families: StandardFamily[] };
for (const subject of subjects) parentPort!.postMessage(await scoreSubject(subject, families));
