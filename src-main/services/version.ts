// The software version, read once from the package.json above this module (sources or a built bundle).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function softwareVersion(): string {
  if (cached) return cached;
  cached = '0.0.0';
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++, dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === 'neurofeat' && manifest.version) {
      cached = manifest.version;
      break;
    }
  }
  return cached;
}
