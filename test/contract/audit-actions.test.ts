// The contract's list of audit actions is the one list: docs/architecture.md's table names exactly those, and every action the main side writes is on it.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { auditActions } from '../../src-main/contract/index.ts';

const root = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('audit actions', () => {
  it('docs/architecture.md\'s audit table lists exactly the contract\'s actions', () => {
    const doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
    const section = doc.slice(doc.indexOf('### The audit log'));
    const table = [...section.matchAll(/^\| `([a-z]+\.[a-z]+)` \|/gm)].map((m) => m[1]);
    expect(table.sort()).toEqual([...auditActions].sort());
  });

  it('every `action: \'…\'` the main side passes to appendAudit is on the list', () => {
    const written = new Set<string>();
    for (const file of sources(path.join(root, 'src-main'))) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('appendAudit(')) continue;
      for (const m of text.matchAll(/action: '([a-z]+\.[a-z]+)'/g)) written.add(m[1]);
    }
    expect(written.size).toBeGreaterThanOrEqual(12);
    for (const action of written) expect(auditActions as readonly string[]).toContain(action);
  });
});
