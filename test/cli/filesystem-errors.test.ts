// The CLI's exit-code contract for filesystem errors (2 and one line naming the path), escaped untrusted text,
// strict flags, atomic convert --overwrite, and features.start neither leaking file contents nor modifying files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync, appendFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src-main/cli/main.ts';
import { ApiService } from '../../src-main/services/api-service.ts';
import { closeFeatureWorkers } from '../../src-main/services/jobs/feature-job.ts';
import { loadRecording } from '../../src-main/services/recordings/load-recording.ts';
import type { JobFinishedEvent, JobStatus } from '../../src-main/contract/api.ts';
import { edfBytes } from '../support/absurd-files.ts';
import { physionetRun } from '../support/shared-data.ts';
import { idleEngine } from '../support/idle-engine.ts';
import { runCliUnprivileged, unprivilegedUnavailable } from '../support/unprivileged.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nf-cli-fs-'));
});
afterAll(async () => {
  await closeFeatureWorkers();
  rmSync(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every command that reads files, with the bad path in the place of its input. */
const commandsReading = (bad: string, out: string): string[][] => [
  ['inspect', bad],
  ['convert', bad, out],
  ['features', bad, '--method', 'welch'],
  ['train', bad],
  ['predict', bad, physionetRun(1, 4)],
  ['predict', bad + '.onnx', bad],
];

describe('filesystem errors exit 2 with one line naming the path', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['a missing file', () => path.join(dir, 'missing.edf'), /: no such file$/],
    ['a directory', () => { const d = path.join(dir, 'folder.edf'); mkdirSync(d, { recursive: true }); return d; }, /: is a folder, expected a (recording|model) file$/],
    ['a symlink loop', () => {
      const a = path.join(dir, 'loop-a.edf');
      if (!existsSync(a)) {
        symlinkSync(path.join(dir, 'loop-b.edf'), a);
        symlinkSync(a, path.join(dir, 'loop-b.edf'));
      }
      return a;
    }, /: too many symbolic links \(a symlink loop\?\)$/],
    ['a FIFO (which would make a reader wait forever)', () => {
      const f = path.join(dir, 'pipe.edf');
      if (!existsSync(f)) execFileSync('mkfifo', [f]);
      return f;
    }, /: is a named pipe \(FIFO\), expected a (recording|model) file$/],
    ['a path under a file', () => { writeFileSync(path.join(dir, 'plain'), 'x'); return path.join(dir, 'plain', 'rec.edf'); }, /: a part of the path is not a folder$/],
  ];
  for (const [what, make, reason] of cases) {
    it(what, async () => {
      const bad = make();
      for (const argv of commandsReading(bad, path.join(dir, 'out.edf'))) {
        const result = await run(...argv);
        // The last case names a model file that is missing (checked first): its own path and reason.
        const modelMissing = argv[0] === 'predict' && argv[1].endsWith('.onnx');
        expect({ argv, code: result.code, out: result.out }).toEqual({ argv, code: 2, out: '' });
        const lines = result.err.split('\n');
        expect({ argv, lines: lines.length, last: lines[1] }).toEqual({ argv, lines: 2, last: '' });
        expect(lines[0]).toMatch(new RegExp(`^neurofeat ${argv[0]}: `));
        if (modelMissing) expect(lines[0]).toMatch(/\.onnx: (no such file|a part of the path is not a folder)$/);
        else {
          expect(lines[0]).toContain(`${bad}: `);
          expect(lines[0]).toMatch(reason);
        }
      }
    }, 60_000);
  }

  it.skipIf(unprivilegedUnavailable !== null)('an unreadable file (run as an unprivileged user)', async () => {
    chmodSync(dir, 0o755);
    const f = path.join(dir, 'secret.edf');
    writeFileSync(f, '0       ');
    chmodSync(f, 0o000);
    for (const argv of commandsReading(f, path.join(dir, 'out.edf')).slice(0, 5)) {
      const result = await runCliUnprivileged(argv);
      expect({ argv, code: result.code }).toEqual({ argv, code: 2 });
      expect(result.err).toMatch(/secret\.edf: permission denied\n$/);
    }
  }, 60_000);
});

describe('untrusted text on the terminal', () => {
  it('inspect escapes control characters of labels, units and events; --json keeps them as JSON escapes', async () => {
    const file = path.join(dir, 'labels.edf');
    writeFileSync(file, edfBytes({
      kind: 'EDF', reserved: '', declaredRecords: '1', recordDuration: '1',
      signals: [{ label: 'C3\x1b[2J\x1b]0;owned\x07', physicalMin: '-100', physicalMax: '100', digitalMin: '-32768', digitalMax: '32767', samplesPerRecord: '4' }],
      data: 8,
    }));
    const text = await run('inspect', file);
    expect(text.code).toBe(0);
    expect(text.out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(text.out).toContain('C3\\x1b[2J\\x1b]0;owned\\x07');
    const json = await run('inspect', file, '--json');
    expect(JSON.parse(json.out).channels[0].label).toBe('C3\x1b[2J\x1b]0;owned\x07');
  });

  it('error lines escape what they quote from a path', async () => {
    const result = await run('inspect', path.join(dir, 'evil\x1b[31m.edf'));
    expect(result.code).toBe(2);
    expect(result.err).not.toContain('\x1b');
    expect(result.err).toContain('evil\\x1b[31m.edf: no such file');
  });
});

describe('strict flags', () => {
  it('--birth-year 0x76C (or 1e3, or 19.58) is refused, not stored as 1900', async () => {
    const dataDir = path.join(dir, 'patients');
    for (const year of ['0x76C', '1e3', '19.58', ' ', '-1958']) {
      const result = await run('patient', 'add', '--code', 'P1', `--birth-year=${year}`, '--data-dir', dataDir);
      expect({ year, code: result.code }).toEqual({ year, code: 2 });
      expect(result.err).toMatch(/^neurofeat patient: --birth-year: expected a year in decimal digits such as 1958, got '.*'\n$/);
    }
    expect((await run('patient', 'list', '--data-dir', dataDir)).out).toBe('No patients.\n');
    expect((await run('patient', 'add', '--code', 'P1', '--birth-year', '1958', '--data-dir', dataDir)).code).toBe(0);
  });
});

describe('convert --overwrite', () => {
  it('replaces the file and its sidecar together, leaving no temporary file', async () => {
    const folder = path.join(dir, 'convert');
    mkdirSync(folder);
    const out = path.join(folder, 'run.edf');
    expect((await run('convert', physionetRun(1, 4), out)).code).toBe(0);
    const first = readFileSync(`${out}.sha256`, 'utf8');
    expect(first).toBe(`${sha(out)}  run.edf\n`);
    expect((await run('convert', physionetRun(1, 8), out)).code).toBe(2);
    expect((await run('convert', physionetRun(1, 8), out, '--overwrite')).code).toBe(0);
    expect(readFileSync(`${out}.sha256`, 'utf8')).toBe(`${sha(out)}  run.edf\n`);
    expect(readFileSync(`${out}.sha256`, 'utf8')).not.toBe(first);
    expect((await loadRecording(out)).checksum.status).toBe('verified');
    expect(readdirSync(folder).sort()).toEqual(['run.edf', 'run.edf.sha256']);
  });
});

describe('features.start through the API service', () => {
  const service = () => new ApiService({ dataDir: path.join(dir, 'app-data'), transport: 'host', version: 'test', engine: idleEngine() });

  async function runJob(api: ApiService, file: string): Promise<JobFinishedEvent> {
    const finished = new Promise<JobFinishedEvent>((resolve) => api.onEvent((event, payload) => {
      if (event === 'job.finished') resolve(payload as JobFinishedEvent);
    }));
    const started = await api.call('features.start', { files: [file], method: 'welch', classes: ['T1', 'T2'] });
    expect(started.ok).toBe(true);
    expect((started as { value: JobStatus }).value.state).toBe('queued');
    return finished;
  }

  it('never echoes the contents of a file that is not a recording', async () => {
    const file = path.join(dir, 'shadow');
    writeFileSync(file, 'root:$6$SECRETHASH:19000:0:99999:7:::\n');
    const api = service();
    try {
      const end = await runJob(api, file);
      expect(end.state).toBe('failed');
      expect(end.error?.message).toMatch(/shadow: magic \(byte 0\): not a recognised EEG file/);
      expect(JSON.stringify(end)).not.toMatch(/root|SECRET|\$6/);
    } finally {
      api.close();
    }
  });

  it('reads an unfinalised EDF outside the data folder without modifying it or writing a sidecar', async () => {
    const file = path.join(dir, 'unfinalised.edf');
    copyFileSync(physionetRun(1, 4), file);
    const bytes = readFileSync(file);
    bytes.write('-1      ', 236, 'latin1');
    writeFileSync(file, bytes);
    appendFileSync(file, Buffer.alloc(100, 7));
    const before = sha(file);
    const api = service();
    try {
      const end = await runJob(api, file);
      expect(['done', 'failed']).toContain(end.state);
      expect(sha(file)).toBe(before);
      expect(existsSync(`${file}.sha256`)).toBe(false);
    } finally {
      api.close();
    }
  }, 60_000);
});
