// `neurofeat report` as a process: HTML and PDF from the extension, JSON summary, refusals with exit 2, no overwrite without --force.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src-main/services/storage/database.ts';
import { repositoryRoot } from '../../support/shared-data.ts';
import { seedTherapyHistory } from '../../../src-main/cli/bench/therapy-history.ts';

const cli = path.join(repositoryRoot, 'bin', 'neurofeat.js');
const dir = mkdtempSync(path.join(tmpdir(), 'nf-cli-report-'));
const dataDir = path.join(dir, 'data');
const outDir = path.join(dir, 'out');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  const db = openDatabase(dataDir);
  seedTherapyHistory(db, 'CLI-REP-1');
  db.close();
  mkdirSync(outDir, { recursive: true });
});

function neurofeat(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, 'report', ...args], { encoding: 'utf8', env: { ...process.env, NEUROFEAT_DATA_DIR: dataDir } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('neurofeat report', () => {
  it('has --help', () => {
    const { code, stdout } = neurofeat('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: neurofeat report --patient CODE --out FILE\.html\|FILE\.pdf/);
  });

  it('writes the PDF named by --out and prints {file, format, bytes, patient, sessions, generatedAt}', () => {
    const out = path.join(outDir, 'progress.pdf');
    const { code, stdout, stderr } = neurofeat('--patient', 'CLI-REP-1', '--out', out, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(['file', 'format', 'bytes', 'patient', 'sessions', 'generatedAt']);
    expect(summary).toMatchObject({ file: out, format: 'pdf', patient: 'CLI-REP-1', sessions: 5 });
    const bytes = readFileSync(out);
    expect(summary.bytes).toBe(bytes.length);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(bytes.subarray(-6).toString('latin1')).toBe('%%EOF\n');
    expect(Date.parse(String(summary.generatedAt))).not.toBeNaN();
    // Nothing left beside it under a temporary name.
    expect(readdirSync(outDir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('writes HTML in French, the code looked up without regard to case, the data folder named in it', () => {
    const out = path.join(outDir, 'rapport.html');
    const { code, stdout } = neurofeat('--patient', 'cli-rep-1', '--out', out, '--lang', 'fr', '--data-dir', dataDir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Wrote .*rapport\.html \(HTML, \d+ bytes\): patient CLI-REP-1, 5 sessions\n$/);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Rapport d’évolution\u00a0: patient CLI-REP-1');
    expect(html).toContain(`à partir du dossier de données ${dataDir}.`);
  });

  it('refuses to replace an existing file without --force, and replaces it with --force', () => {
    const out = path.join(outDir, 'kept.html');
    writeFileSync(out, 'recorded by hand');
    const refused = neurofeat('--patient', 'CLI-REP-1', '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--out: .*kept\.html exists already \(use --force to replace it\)/);
    expect(readFileSync(out, 'utf8')).toBe('recorded by hand');
    const forced = neurofeat('--patient', 'CLI-REP-1', '--out', out, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readdirSync(outDir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('bad input: exit 2 with one line naming the flag or the code', () => {
    const cases: [string[], RegExp][] = [
      [['--patient', 'NOBODY', '--out', path.join(outDir, 'x.pdf')], /--patient: there is no patient with code 'NOBODY'/],
      [['--patient', 'CLI-REP-1', '--out', path.join(outDir, 'x.docx')], /--out: expected a file ending in \.html or \.pdf, got '.*x\.docx'/],
      [['--patient', 'CLI-REP-1', '--out', path.join(outDir, 'x')], /--out: expected a file ending in \.html or \.pdf/],
      [['--patient', 'CLI-REP-1', '--out', path.join(outDir, 'x.pdf'), '--lang', 'de'], /--lang: expected en or fr, got 'de'/],
      [['--out', path.join(outDir, 'x.pdf')], /--patient: expected the patient's code/],
      [['--patient', 'CLI-REP-1'], /--out: expected the file to write/],
      [['--patient', 'CLI-REP-1', '--out', path.join(outDir, 'x.pdf'), '--data-dir', path.join(dir, 'elsewhere')], /--data-dir: there is no NeuroFeat database in/],
      [['--patient', 'CLI-REP-1', '--out', path.join(outDir, 'no-such-folder', 'x.pdf')], /--out: cannot write .*no-such-folder\/x\.pdf: /],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = neurofeat(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr, args.join(' ')).toMatch(message);
    }
    expect(existsSync(path.join(outDir, 'x.pdf'))).toBe(false);
    // The wrong data folder was only read about, not created.
    expect(existsSync(path.join(dir, 'elsewhere'))).toBe(false);
  });
});
