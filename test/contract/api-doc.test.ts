import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { methodNames, type ApiErrorCode, type EventName } from '../../src-main/contract/index.ts';
import { repositoryRoot } from '../support/shared-data.ts';

const page = readFileSync(path.join(repositoryRoot, 'docs', 'api.md'), 'utf8');
/** The `### \`name\`` headings under a `## Title` section of docs/api.md. */
function headings(section: string): string[] {
  const start = page.indexOf(`\n## ${section}\n`);
  expect(start, `docs/api.md has a "## ${section}" section`).toBeGreaterThan(-1);
  const end = page.indexOf('\n## ', start + 1);
  const text = page.slice(start, end < 0 ? undefined : end);
  return [...text.matchAll(/^### `([^`]+)`$/gm)].map((m) => m[1]);
}

// Every event and error code of the contract, spelt out so that adding one fails here until the page has it.
const events: Record<EventName, true> = { 'engine.status': true, 'acquisition.status': true, 'job.progress': true, 'job.finished': true, 'protocol.status': true };
const errorCodes: Record<ApiErrorCode, true> = {
  'invalid-payload': true, 'unknown-method': true, unauthorized: true, 'not-found': true, conflict: true, 'bad-input': true, 'file-changed': true,
  'unknown-device': true, 'device-unavailable': true, 'already-acquiring': true, 'not-acquiring': true, 'storage-unwritable': true,
  'engine-unavailable': true, internal: true,
};

describe('docs/api.md against the contract', () => {
  it('documents every method, in the contract\'s order, and no method the contract lacks', () => {
    expect(headings('Methods')).toEqual(methodNames);
  });

  it('documents every pushed event', () => {
    expect(headings('Events').sort()).toEqual(Object.keys(events).sort());
  });

  it('lists every error code in its table', () => {
    const start = page.indexOf('\n## Error codes\n');
    const listed = [...page.slice(start).matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.keys(errorCodes).sort());
  });
});
