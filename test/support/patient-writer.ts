// Child process for the concurrency test: runs `neurofeat patient add` N times in a row through the CLI's own entry.
import { main } from '../../src-main/cli/main.ts';

const [dataDir, prefix, countText] = process.argv.slice(2);
const failures: string[] = [];
for (let i = 0; i < Number(countText); i++) {
  let err = '';
  const code = await main(['patient', 'add', '--code', `${prefix}-${i}`, '--data-dir', dataDir], { out: () => undefined, err: (text) => { err += text; } });
  if (code !== 0) failures.push(`${prefix}-${i}: exit ${code}: ${err.trim()}`);
}
process.stdout.write(JSON.stringify({ failures }) + '\n');
