import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../src-main/contract/errors.ts';
import { JobRunner } from '../../../src-main/services/jobs/job-runner.ts';

describe('job runner queue limit', () => {
  it('refuses a job beyond maxQueued waiting ones with conflict, and queues again once they run', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const runner = new JobRunner<{ features: number }>({ maxQueued: 3 });
    const blocking = runner.start('features', async () => { await gate; return 0; });
    // The first job leaves the queue when it starts running (a later turn of the event loop).
    await new Promise((resolve) => setImmediate(resolve));
    expect(runner.status(blocking.jobId).state).toBe('running');
    for (let i = 0; i < 3; i++) runner.start('features', async () => i);
    let refused: unknown = null;
    try {
      runner.start('features', async () => 99);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ApiFailure);
    expect((refused as ApiFailure).error).toMatchObject({ code: 'conflict', message: '3 jobs are waiting already; this features job was not queued.' });
    expect(runner.list().filter((j) => j.state === 'queued')).toHaveLength(3);
    release();
    while (runner.list().some((j) => j.state !== 'done')) await new Promise((resolve) => setImmediate(resolve));
    expect(runner.start('features', async () => 5).state).toBe('queued');
    await runner.close();
  });
});
