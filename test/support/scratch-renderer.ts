// The smallest renderer folder a test host can serve: one index.html in `dir/renderer`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function scratchRenderer(dir: string): string {
  const renderer = path.join(dir, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>NeuroFeat</title>');
  return renderer;
}
