// `neurofeat bench --suite review`: registered, named in the unknown-suite message, and printing figures whose names stay the same (no timings asserted).
import { describe, expect, it } from 'vitest';
import { suites } from '../../../src-main/cli/bench/index.ts';
import { reviewFigureNames, reviewSizes, reviewSuite } from '../../../src-main/cli/bench/review.ts';
import { benchCommand } from '../../../src-main/cli/commands/bench.ts';
import { UsageError } from '../../../src-main/cli/command.ts';

describe('bench --suite review', () => {
  it('is registered and loads the review suite', async () => {
    const entry = suites.find((s) => s.name === 'review');
    expect(entry).toBeDefined();
    expect(entry!.summary).toMatch(/review\.patient/);
    expect(entry!.summary).toMatch(/audit verify, export and import/);
    expect(await entry!.load()).toBe(reviewSuite);
  });

  it('is listed when an unknown suite is asked for', async () => {
    const io = { out: () => {}, err: () => {} };
    const run = benchCommand.run({ values: { suite: 'reviews' }, positionals: [] }, io);
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(/unknown suite 'reviews'; suites: .*\breview\b/);
  });

  it('keeps its figure names: one per figure, unique, for 5 and 40 sessions', () => {
    expect(reviewSizes).toEqual([5, 40]);
    const names = reviewFigureNames();
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([
      'review.machine.load-average-1min.start',
      'review.patient.in-process.5-sessions.median', 'review.patient.in-process.5-sessions.p95',
      'review.patient.in-process.40-sessions.median', 'review.patient.in-process.40-sessions.p95',
      'report.render.in-process.html.5-sessions.median', 'report.render.in-process.html.5-sessions.p95',
      'report.render.in-process.html.40-sessions.median', 'report.render.in-process.html.40-sessions.p95',
      'report.render.in-process.pdf.5-sessions.median', 'report.render.in-process.pdf.5-sessions.p95',
      'report.render.in-process.pdf.40-sessions.median', 'report.render.in-process.pdf.40-sessions.p95',
      'report.process.html.5-sessions.median', 'report.process.html.5-sessions.max',
      'report.process.html.40-sessions.median', 'report.process.html.40-sessions.max',
      'report.process.pdf.5-sessions.median', 'report.process.pdf.5-sessions.max',
      'report.process.pdf.40-sessions.median', 'report.process.pdf.40-sessions.max',
      'review.patient.websocket.5-sessions.median', 'review.patient.websocket.5-sessions.p95',
      'review.patient.websocket.40-sessions.median', 'review.patient.websocket.40-sessions.p95',
      'review.progress-page.click-to-drawn.5-sessions.median', 'review.progress-page.click-to-drawn.5-sessions.max',
      'review.progress-page.click-to-drawn.40-sessions.median', 'review.progress-page.click-to-drawn.40-sessions.max',
      'audit.chain-check.20000-entries.median', 'audit.chain-check.20000-entries.max',
      'audit.verify.process.s001-14-runs.median', 'audit.verify.process.s001-14-runs.max',
      'export.process.s001-14-runs.median', 'export.process.s001-14-runs.max', 'export.process.s001-14-runs.throughput',
      'import.process.s001-14-runs.median', 'import.process.s001-14-runs.max', 'import.process.s001-14-runs.throughput',
      'review.machine.load-average-1min.end',
    ]);
  });
});
