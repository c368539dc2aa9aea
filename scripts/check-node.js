// Refuses a Node older than the project needs (node:sqlite and type stripping), in one line with the command that fixes it.
// Plain JavaScript that old Node versions parse, so that they reach the message.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The command that puts Node 24 from the npm registry first on PATH in this folder. */
export const nodeFix = 'npm install --prefix .tools node@24 && export PATH="$PWD/.tools/node_modules/node/bin:$PATH"';

/** Why this Node cannot run NeuroFeat, in one line, or null when it can. */
export function nodeVersionProblem(version = process.versions.node) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 13)) return null;
  return `NeuroFeat needs Node >= 22.13 (24 LTS recommended); this is v${version.replace(/^v/, '')}. Get Node 24 with: ${nodeFix}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const problem = nodeVersionProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
