import { afterEach, describe, expect, it } from 'vitest';
import { EngineSupervisor } from '../../src-main/services/engine-supervisor.ts';
import { nodeEngineLauncher } from '../../src-main/services/node-engine-launcher.ts';
import type { AcquisitionStatus, EngineStatus } from '../../src-main/contract/api.ts';

let supervisor: EngineSupervisor | null = null;
const stoppedPids: number[] = [];

afterEach(async () => {
  await supervisor?.stop();
  supervisor = null;
  // A stopped process that the test failed to kill must not linger.
  for (const pid of stoppedPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone: what the watchdog should have done.
    }
  }
});

async function waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('engine watchdog', () => {
  it('kills an engine stopped with SIGSTOP, restarts it, and tells the UI', async () => {
    const engineEvents: EngineStatus[] = [];
    const acquisitionEvents: AcquisitionStatus[] = [];
    supervisor = new EngineSupervisor({
      launch: nodeEngineLauncher(),
      onEngineStatus: (s) => engineEvents.push(s),
      onAcquisitionStatus: (s) => acquisitionEvents.push(s),
      heartbeatIntervalMs: 100,
      heartbeatTimeoutMs: 800,
      restartDelaysMs: [50],
    });
    await supervisor.start();
    expect((await supervisor.call('acquisition.start', { device: 'synthetic' })).ok).toBe(true);
    const hungPid = supervisor.pid as number;
    stoppedPids.push(hungPid);

    process.kill(hungPid, 'SIGSTOP');
    const pendingCall = supervisor.call('acquisition.status', {});
    await waitFor(() => engineEvents.some((e) => e.state === 'restarting'));
    const restarting = engineEvents.find((e) => e.state === 'restarting')!;
    expect(restarting.lastFailure).toMatch(/^The acquisition engine stopped unexpectedly \(hung: no answer to its heartbeat for \d+\.\d s; killed\)\.$/);
    // The call sent to the hung engine fails at once with a value instead of waiting for the 10 s call timeout.
    expect(await pendingCall).toMatchObject({ ok: false, error: { code: 'engine-unavailable' } });
    expect(acquisitionEvents.at(-1)).toMatchObject({ state: 'idle', fault: expect.stringMatching(/hung/), faultReason: 'engine-stopped' });

    await waitFor(() => supervisor!.status().state === 'running');
    expect(supervisor.status()).toMatchObject({ state: 'running', restarts: 1 });
    expect(supervisor.pid).not.toBe(hungPid);
    await waitFor(() => !isAlive(hungPid));
    // The new engine works.
    expect(await supervisor.call('acquisition.status', {})).toMatchObject({ ok: true, value: { state: 'idle' } });
  });

  it('leaves a healthy engine alone for many heartbeat periods', async () => {
    const engineEvents: EngineStatus[] = [];
    supervisor = new EngineSupervisor({
      launch: nodeEngineLauncher(),
      onEngineStatus: (s) => engineEvents.push(s),
      onAcquisitionStatus: () => undefined,
      heartbeatIntervalMs: 50,
      heartbeatTimeoutMs: 600,
    });
    await supervisor.start();
    const pid = supervisor.pid;
    await new Promise((r) => setTimeout(r, 1500));
    expect(supervisor.status()).toMatchObject({ state: 'running', restarts: 0 });
    expect(supervisor.pid).toBe(pid);
    expect(engineEvents.map((e) => e.state)).toEqual(['starting', 'running']);
  });

  it('kills an engine that never says it is ready, and starts another', async () => {
    const engineEvents: EngineStatus[] = [];
    let launches = 0;
    const real = nodeEngineLauncher();
    supervisor = new EngineSupervisor({
      // The first engine is stopped before it can say 'ready'; the second one is left alone.
      launch: () => {
        const handle = real();
        if (launches++ === 0 && handle.pid) {
          process.kill(handle.pid, 'SIGSTOP');
          stoppedPids.push(handle.pid);
        }
        return handle;
      },
      onEngineStatus: (s) => engineEvents.push(s),
      onAcquisitionStatus: () => undefined,
      startTimeoutMs: 500,
      restartDelaysMs: [50],
    });
    await supervisor.start();
    // On a loaded machine a real engine may need more than 0.5 s too: the limit doubles with each failure.
    expect(launches).toBeGreaterThanOrEqual(2);
    expect(supervisor.status()).toMatchObject({ state: 'running', restarts: 1 });
    expect(engineEvents.find((e) => e.state === 'restarting')?.lastFailure).toMatch(/hung: not ready 0\.5 s after it was started; killed/);
    await waitFor(() => !isAlive(stoppedPids[0]));
  });
});
