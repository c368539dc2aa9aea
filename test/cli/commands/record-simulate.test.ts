// `neurofeat record` and `neurofeat simulate`: the recorded file equals what the simulator sent; bad input ends clearly, the file kept.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main.ts';
import { cytonMicrovoltsPerCount } from '../../../src-main/core/devices/cyton.ts';
import { openSignalFile } from '../../../src-main/core/formats/index.ts';
import { CytonSimulator } from '../../../src-main/engine/devices/simulators/cyton-simulator.ts';
import { FileSource } from '../../../src-main/services/recordings/file-source.ts';
import { openRecording } from '../../../src-main/services/recordings/load-recording.ts';
import { createPtyPair, type PtyPair } from '../../support/pty-pair.ts';
import { physionetRun, repositoryRoot } from '../../support/shared-data.ts';
import { runCliUnprivileged, unprivilegedUnavailable } from '../../support/unprivileged.ts';
import { canMountSmallDisk, mountSmallDisk } from '../../support/small-disk.ts';

let dir: string;
let pty: PtyPair | null = null;
let sim: CytonSimulator | null = null;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'neurofeat-record-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await sim?.close();
  await pty?.close();
  sim = null; pty = null;
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function readFile(file: string) {
  const source = new FileSource(file);
  const signal = openSignalFile(source);
  return { signal, close: () => source.close() };
}

describe('neurofeat record from a Cyton simulator', () => {
  it('writes a BDF+ whose samples equal what the simulator sent, losses held and annotated, markers kept', { timeout: 30000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false, keepSent: true, autoCues: true, seed: 5 });
    await sim.listen(pty.device);
    const out = path.join(dir, 'cyton.bdf');
    // Five packets go missing once 2 s have been streamed.
    const gapLater = setInterval(() => {
      if (sim && sim.sent.length >= 500) {
        sim.inject({ name: 'counter-gap', atSec: 0, arg: 5 });
        clearInterval(gapLater);
      }
    }, 10);
    const result = await run('record', '--device', 'cyton', '--port', pty.host, '--duration', '5', '--out', out, '--marker-mode', '--gain', '12', '--json');
    clearInterval(gapLater);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ device: 'cyton', sampleRateHz: 250, samples: 1250, lostPackets: 5, lostSamples: 5, durationSec: 5, file: out, format: 'bdf+' });
    expect(report.channels).toHaveLength(11);
    const { signal, close } = readFile(out);
    try {
      expect(signal.version).toBe('BDF+C');
      expect(signal.nSamples).toBe(1250);
      expect(signal.channels[0]).toMatchObject({ label: 'Ch1', unit: 'uV', physicalMin: -375000, physicalMax: 375000 });
      const data = signal.readSamples([0, 1, 2, 3, 4, 5, 6, 7], 0, 1250);
      const scale = cytonMicrovoltsPerCount(12);
      let compared = 0;
      for (const sent of sim.sent) {
        if (sent.index >= 1250 || sent.counts.length === 0) continue;
        for (let ch = 0; ch < 8; ch++) expect(Math.abs(data[ch][sent.index] - sent.counts[ch] * scale)).toBeLessThan(1e-3);
        compared++;
      }
      expect(compared).toBe(1245);
      const lost = signal.events.filter((e) => e.label.startsWith('NeuroFeat: samples lost'));
      expect(lost).toHaveLength(1);
      expect(lost[0].durationSec).toBeCloseTo(5 / 250, 6);
      // The five lost samples hold the value before them.
      const at = Math.round(lost[0].onsetSec * 250);
      for (let i = at; i < at + 5; i++) expect(data[3][i]).toBe(data[3][at - 1]);
      // The auto cue at 4 s sends an L marker in marker mode; it lands on the sample that carried it.
      const markers = signal.events.filter((e) => e.label === 'L');
      expect(markers).toHaveLength(1);
      expect(Math.round(markers[0].onsetSec * 250)).toBe(sim.sentMarkers[0].index);
    } finally {
      close();
    }
  });

  it('--impedance and --check measure each channel before recording and report them', { timeout: 60000 }, async () => {
    pty = await createPtyPair();
    const impedanceOhms = [4000, 9000, 15000, 22000, 6000, 30000, 2500, 12000];
    sim = new CytonSimulator({ daisy: false, impedanceOhms });
    await sim.listen(pty.device);
    const out = path.join(dir, 'checked.bdf');
    const result = await run('record', '--device', 'cyton', '--port', pty.host, '--duration', '1', '--out', out, '--impedance', '--check', '2', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.impedance.map((z: { label: string }) => z.label)).toEqual(['Ch1', 'Ch2', 'Ch3', 'Ch4', 'Ch5', 'Ch6', 'Ch7', 'Ch8']);
    report.impedance.forEach((z: { kOhm: number }, i: number) => expect(Math.abs(z.kOhm * 1000 - impedanceOhms[i])).toBeLessThan(800 + 0.03 * impedanceOhms[i]));
    expect(report.quality).toHaveLength(8);
    expect(report.quality.every((q: { go: boolean }) => q.go)).toBe(true);
    expect(sim.leadOffChannels).toEqual([]);
    expect(report.samples).toBe(250);
    const bad = await run('record', '--device', 'synthetic', '--duration', '1', '--out', path.join(dir, 'x.bdf'), '--impedance');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--impedance: only the Cyton and the Daisy/);
  });

  it('ends clearly on a wrong port, a board that is off, an existing file, a wrong device name', { timeout: 30000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false });
    await sim.listen(pty.device);
    const out = path.join(dir, 'off.bdf');
    const missing = await run('record', '--device', 'cyton', '--port', path.join(dir, 'no-such-port'), '--duration', '1', '--out', out);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/serial port .*no-such-port does not exist/);
    sim.inject({ name: 'board-off', atSec: 0 });
    const off = await run('record', '--device', 'cyton', '--port', pty.host, '--duration', '1', '--out', out);
    expect(off.code).toBe(1);
    expect(off.err).toMatch(/answered but the Cyton board did not .*switch the board on/);
    expect(existsSync(out)).toBe(false);
    sim.inject({ name: 'board-on', atSec: 0 });
    const first = await run('record', '--device', 'cyton', '--port', pty.host, '--duration', '0.5', '--out', out);
    expect(first.code).toBe(0);
    const again = await run('record', '--device', 'cyton', '--port', pty.host, '--duration', '0.5', '--out', out);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/exists already/);
    const noReplay = await run('record', '--device', `replay:${path.join(dir, 'nothing.edf')}`, '--duration', '1', '--out', path.join(dir, 'r.bdf'));
    expect(noReplay.code).toBe(2);
    expect(noReplay.err).toMatch(/nothing\.edf/);
    const noFolder = await run('record', '--device', 'synthetic', '--duration', '1', '--out', path.join(dir, 'missing', 'x.bdf'));
    expect(noFolder.code).toBe(2);
    expect(noFolder.err).toMatch(/the folder .*missing does not exist/);
    const unknown = await run('record', '--device', 'neuroscan', '--duration', '1', '--out', out);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--device 'neuroscan': expected one of synthetic, cyton/);
    const noPort = await run('record', '--device', 'daisy', '--duration', '1', '--out', out);
    expect(noPort.code).toBe(2);
    expect(noPort.err).toMatch(/needs --port/);
  });

  it.skipIf(unprivilegedUnavailable !== null)('a serial port the user may not open: permission denied, how to fix it, no file (run as an unprivileged user)', { timeout: 30000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false });
    await sim.listen(pty.device);
    chmodSync(pty.host, 0o600);
    const folder = path.join(dir, 'unprivileged');
    mkdirSync(folder, { mode: 0o777 });
    chmodSync(folder, 0o777);
    chmodSync(dir, 0o755);
    chmodSync(pty.dir, 0o755);
    const out = path.join(folder, 'denied.bdf');
    const denied = await runCliUnprivileged(['record', '--device', 'cyton', '--port', pty.host, '--duration', '1', '--out', out]);
    expect(denied.code).toBe(2);
    expect(denied.err).toMatch(/serial port .*host: permission denied; on Linux add the user to the 'dialout' group/);
    expect(existsSync(out)).toBe(false);
  });

  it('keeps what was recorded when the amplifier vanishes for good, and says so', { timeout: 30000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false, keepSent: true });
    await sim.listen(pty.device);
    const out = path.join(dir, 'vanished.bdf');
    // The dongle is pulled out for good once a second has been streamed.
    const pull = setInterval(() => {
      if (!sim || sim.sent.length < 250) return;
      clearInterval(pull);
      void (async () => { await sim?.close(); sim = null; await pty?.kill(); })();
    }, 10);
    const result = await run('record', '--device', 'cyton', '--port', pty.host, '--duration', '20', '--out', out, '--reconnect-timeout', '1.5');
    clearInterval(pull);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/stalled: .*(disappeared|no data)/);
    expect(result.err).toMatch(/recording stopped after \d+\.\d s and is kept in/);
    const { signal, close } = readFile(out);
    try {
      expect(signal.unfinalised).toBeNull();
      expect(signal.durationSec).toBeGreaterThan(0.5);
      expect(signal.events.some((e) => e.label.startsWith('NeuroFeat: cyton'))).toBe(true);
    } finally {
      close();
    }
  });

  it.runIf(canMountSmallDisk)('a disk that fills up mid-recording ends with a clear message and a readable file', { timeout: 30000 }, async () => {
    const small = path.join(dir, 'small-disk');
    mkdirSync(small);
    const unmount = mountSmallDisk(small, '96k');
    try {
      const out = path.join(small, 'full.bdf');
      const result = await run('record', '--device', 'synthetic', '--channels', '16', '--rate', '1000', '--duration', '30', '--out', out);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/recording stopped after \d+\.\d s because the disk is full; what was written is kept/);
      const { signal, close } = readFile(out);
      try {
        expect(signal.unfinalised).not.toBeNull();
        expect(signal.nSamples).toBeGreaterThan(0);
      } finally {
        close();
      }
    } finally {
      unmount();
    }
  });
});

describe('neurofeat record killed mid-recording', () => {
  it('SIGKILL leaves a file that opens repaired and loses at most one second', { timeout: 30000 }, async () => {
    pty = await createPtyPair();
    sim = new CytonSimulator({ daisy: false, keepSent: true });
    await sim.listen(pty.device);
    const out = path.join(dir, 'killed.bdf');
    const child = spawn(process.execPath, [path.join(repositoryRoot, 'bin/neurofeat.js'), 'record', '--device', 'cyton', '--port', pty.host, '--duration', '60', '--out', out], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    // Wait until the header is on disk, then let it record about 4 s.
    const deadline = Date.now() + 15000;
    while (!existsSync(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(out)).toBe(true);
    await new Promise((r) => setTimeout(r, 4000));
    child.kill('SIGKILL');
    const sentAtKill = sim.sent.length;
    await exited;
    const opened = await openRecording(out, { repair: true });
    try {
      expect(opened.repair).not.toBeNull();
      expect(opened.file.unfinalised).toBeNull();
      expect(opened.file.warnings[0]).toMatch(/repaired/);
      // Whole one-second records survive: at most the last second of what the simulator sent is missing
      // (plus what was still in the pty, unread, when the recorder died: allowed 0.25 s).
      expect(opened.file.nSamples).toBeGreaterThan(250 * 2);
      expect(opened.file.nSamples).toBeLessThanOrEqual(sentAtKill);
      expect(sentAtKill - opened.file.nSamples).toBeLessThanOrEqual(250 + 62);
      expect(opened.file.nSamples % 250).toBe(0);
    } finally {
      opened.close();
    }
  });
});

describe('neurofeat record --device replay:FILE', () => {
  it('plays a PhysioNet run faster than real time, its events as markers, samples unchanged', { timeout: 30000 }, async () => {
    const out = path.join(dir, 'replay.edf');
    const result = await run('record', '--device', `replay:${physionetRun(1, 4)}`, '--speed', '40', '--duration', '10', '--out', out, '--format', 'edf', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ device: 'replay', sampleRateHz: 160, samples: 1600, markers: 3, format: 'edf+' });
    const original = readFile(physionetRun(1, 4));
    const copy = readFile(out);
    try {
      expect(copy.signal.events.map((e) => [e.onsetSec, e.label])).toEqual(original.signal.events.filter((e) => e.onsetSec < 10).map((e) => [e.onsetSec, e.label]));
      const a = original.signal.readSamples([8, 12], 0, 1600);
      const b = copy.signal.readSamples([8, 12], 0, 1600);
      for (let ch = 0; ch < 2; ch++) for (let i = 0; i < 1600; i++) expect(Math.abs(a[ch][i] - b[ch][i])).toBeLessThan(0.06);
    } finally {
      original.close();
      copy.close();
    }
  });
});

describe('neurofeat record --device lsl:NAME', () => {
  it('records an LSL stream published by neurofeat stream', { timeout: 20000 }, async () => {
    const ports = ['--multicast-port', '27581', '--base-port', '27582'];
    const streaming = run('stream', '--device', 'synthetic', '--channels', '4', '--rate', '500', '--lsl', 'nf-record-test', '--duration', '6', ...ports, '--json');
    await new Promise((r) => setTimeout(r, 500));
    const out = path.join(dir, 'lsl.bdf');
    const result = await run('record', '--device', 'lsl:nf-record-test', '--duration', '2', '--out', out, ...ports, '--json');
    expect(result.err).not.toMatch(/failed/);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ device: 'lsl:nf-record-test', sampleRateHz: 500, samples: 1000, channels: ['Fp1', 'Fp2', 'F3', 'Fz'] });
    const { signal, close } = readFile(out);
    try {
      expect(signal.nSamples).toBe(1000);
      expect(signal.channels.map((c) => c.label)).toEqual(['Fp1', 'Fp2', 'F3', 'Fz']);
    } finally {
      close();
    }
    expect((await streaming).code).toBe(0);
  });
});

describe('neurofeat record --list-ports', () => {
  it('lists serial ports or says why it cannot', async () => {
    const result = await run('record', '--list-ports', '--json');
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.out);
    expect(Array.isArray(listed.ports)).toBe(true);
    if (listed.error === null) for (const port of listed.ports) expect(port.path).toMatch(/^(\/dev\/|COM)/);
    else expect(listed.error).toMatch(/^serial ports cannot be listed: /);
  });
});

describe('neurofeat simulate', () => {
  it('serves a Unicorn on a pty until terminated; a recording from it works', { timeout: 30000 }, async () => {
    pty = await createPtyPair();
    const child = spawn(process.execPath, [path.join(repositoryRoot, 'bin/neurofeat.js'), 'simulate', '--device', 'unicorn', '--port', pty.device, '--seed', '3'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    try {
      const deadline = Date.now() + 15000;
      while (!log.includes('listening') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(log).toMatch(/simulate unicorn: listening on/);
      const out = path.join(dir, 'unicorn.bdf');
      const result = await run('record', '--device', 'unicorn', '--port', pty.host, '--duration', '1', '--out', out, '--json');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.out)).toMatchObject({ device: 'unicorn', samples: 250, lostPackets: 0 });
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    expect(child.exitCode).toBe(0);
    expect(log).toMatch(/stopped/);
    const bad = await run('simulate', '--device', 'cyton', '--port', pty.device, '--fault', 'explode@3');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--fault 'explode@3': expected NAME\[@SECONDS\]\[:ARG\] with NAME one of drop-bytes/);
  });
});
