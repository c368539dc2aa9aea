// Issue 11's probe files and a structure-aware fuzzer per format: every case ends in a result or a typed
// error naming the field, within 2 s of CPU and 256 MB of peak memory, measured in a child process.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { probes } from '../../support/format-probes.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const runner = path.resolve(here, '../../support/bounded-cases.ts');
/** Cases per format fuzzer; NEUROFEAT_FUZZ_RUNS (shared with fuzz.test.ts) scales it, at least 40. */
const STRUCTURED_RUNS = Math.max(40, Math.round(Number(process.env.NEUROFEAT_FUZZ_RUNS ?? 5000) / 40));
const CPU_LIMIT_MS = 2000;
const MEMORY_LIMIT_MB = 256;

interface CaseReport {
  name: string;
  bytes: number;
  ms: number;
  cpuMs: number;
  peakGrowthMB: number;
  outcome: 'ok' | 'bad-input';
  field?: string;
  message?: string;
}

function run(suite: string, cases = 0, seed = 11): { cases: CaseReport[]; summary: Record<string, number> } {
  // Node 22.13-22.17 strips types only when asked (as bin/neurofeat.js does).
  const stripTypes = process.features.typescript ? [] : ['--experimental-strip-types', '--no-warnings'];
  const output = execFileSync(process.execPath, [...stripTypes, '--expose-gc', runner, suite, String(cases), String(seed)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  const lines = output.trim().split('\n').map((l) => JSON.parse(l));
  const summary = lines.pop();
  expect(summary.summary).toBe(true);
  return { cases: lines, summary };
}

function expectBounded(report: CaseReport): void {
  expect({ name: report.name, cpuMs: report.cpuMs < CPU_LIMIT_MS, memory: report.peakGrowthMB < MEMORY_LIMIT_MB })
    .toEqual({ name: report.name, cpuMs: true, memory: true });
  if (report.outcome === 'bad-input') expect(report.message).toMatch(/^.+\.file: .+ \(byte \d+\): /);
}

describe('issue 11 probe files', () => {
  it('each gives its result or a typed error naming the field, within 2 s of CPU and 256 MB', () => {
    const { cases, summary } = run('probes');
    expect(cases.map((c) => c.name)).toEqual(Object.keys(probes));
    for (const report of cases) {
      expectBounded(report);
      const wanted = probes[report.name].expect;
      if (wanted === 'ok') expect({ name: report.name, outcome: report.outcome, message: report.message }).toEqual({ name: report.name, outcome: 'ok', message: undefined });
      else {
        expect({ name: report.name, outcome: report.outcome }).toEqual({ name: report.name, outcome: 'bad-input' });
        expect(report.field).toMatch(typeof wanted.field === 'string' ? new RegExp(`^${wanted.field}$`) : wanted.field);
      }
    }
    console.log(`bounded probes: ${cases.length} files, worst ${summary.worstCpuMs.toFixed(0)} ms CPU, ${summary.worstMB.toFixed(0)} MB`);
  }, 120_000);
});

describe('structure-aware fuzzers: individually valid, jointly absurd headers', () => {
  for (const suite of ['edf', 'gdf', 'xdf']) {
    it(`${suite}: ${STRUCTURED_RUNS} cases, each a result or a typed error, within 2 s of CPU and 256 MB`, () => {
      const { cases, summary } = run(suite, STRUCTURED_RUNS, 20261130);
      expect(cases).toHaveLength(STRUCTURED_RUNS);
      for (const report of cases) expectBounded(report);
      const fields = new Map<string, number>();
      for (const c of cases) if (c.field) fields.set(c.field.replace(/\d+/g, 'N'), (fields.get(c.field.replace(/\d+/g, 'N')) ?? 0) + 1);
      // The generator must reach both sides: files that open and files refused for several reasons.
      expect(cases.some((c) => c.outcome === 'ok')).toBe(true);
      expect(fields.size).toBeGreaterThan(2);
      console.log(`structured fuzz ${suite}: ${cases.length} cases tried, ${cases.filter((c) => c.outcome === 'ok').length} opened, ` +
        `refused by field: ${[...fields].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f} ${n}`).join(', ')}; ` +
        `worst ${summary.worstCpuMs.toFixed(0)} ms CPU, ${summary.worstMB.toFixed(0)} MB`);
    }, 600_000);
  }
});
