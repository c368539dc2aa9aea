// Runs tools/reference/training_reference.py with Debian's Python (scikit-learn, MNE, scipy) and parses its JSON answer.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { referencePython, repositoryRoot } from '../../support/shared-data.ts';

export function runReference<T>(command: string, request: unknown): T {
  const script = path.join(repositoryRoot, 'tools', 'reference', 'training_reference.py');
  const stdout = execFileSync(referencePython, [script, command], {
    input: JSON.stringify(request),
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  });
  return JSON.parse(stdout.toString()) as T;
}

/** Standard normal numbers from a seeded uniform generator (Box-Muller). */
export function gaussian(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
