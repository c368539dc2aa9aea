// A headless host on a fresh data folder for one host test file: started before its tests, closed and removed after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startHost, type HostOptions, type RunningHost } from '../../src-main/host/host-server.ts';
import { connect, type TestClient } from './host-client.ts';
import { scratchRenderer } from './scratch-renderer.ts';

export interface TestHost {
  /** The test's temporary folder (the data folder and the scratch renderer are inside it). */
  dir: string;
  dataDir: string;
  host: RunningHost;
  client: TestClient;
}

export interface TestHostOptions {
  /** Fills the data folder before the host opens it (seeded rows, copied files). */
  prepare?: (dataDir: string, dir: string) => void | Promise<void>;
  /** Host options other than the folders. */
  host?: Omit<HostOptions, 'dataDir' | 'rendererDir'>;
}

/**
 * Registers the file's `beforeAll` (folder, preparation, host, connection) and `afterAll` (connection closed, host
 * closed, folder removed). The object returned is filled in by `beforeAll`, so tests read its fields, not copies.
 */
export function useTestHost(prefix: string, options: TestHostOptions = {}): TestHost {
  const test = {} as TestHost;
  beforeAll(async () => {
    test.dir = mkdtempSync(path.join(tmpdir(), `nf-${prefix}-`));
    test.dataDir = path.join(test.dir, 'data');
    await options.prepare?.(test.dataDir, test.dir);
    test.host = await startHost({ ...options.host, dataDir: test.dataDir, rendererDir: scratchRenderer(test.dir) });
    test.client = await connect(`ws://127.0.0.1:${test.host.port}/api?token=${test.host.token}`);
  });
  afterAll(async () => {
    test.client?.close();
    await test.host?.close();
    if (test.dir) rmSync(test.dir, { recursive: true, force: true });
  });
  return test;
}
