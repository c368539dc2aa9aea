// `neurofeat simulate --device trigger-sink`: prints and acknowledges what a device trigger sends; bad flags refused.
import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { encodeTriggerMessage } from '../../../src-main/core/online/trigger-message.ts';
import { runCli } from '../../support/cli.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('neurofeat simulate --device trigger-sink', () => {
  it('on TCP: prints each command (JSON line as text, raw bytes in hex), acknowledges the JSON one, and goes away after --gone-after', async () => {
    const port = await freePort();
    const running = runCli(['simulate', '--device', 'trigger-sink', '--tcp', String(port), '--gone-after', '2']);
    const replies: string[] = [];
    let closed = false;
    // The sink listens once the command has started: retry the connection for up to 5 s.
    const socket = await (async () => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const s = connect(port, '127.0.0.1');
        const ok = await new Promise<boolean>((resolve) => {
          s.once('connect', () => resolve(true));
          s.once('error', () => resolve(false));
        });
        if (ok) return s;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`the trigger sink did not listen on ${port}`);
    })();
    socket.on('data', (d: Buffer) => replies.push(d.toString()));
    socket.on('close', () => (closed = true));
    const line = encodeTriggerMessage({ type: 'trigger', class: 'right', code: 770, output: 0.7, sample: 500, time: 2, sentAtMs: 1, seq: 1 });
    socket.write(line);
    await new Promise((r) => setTimeout(r, 100));
    socket.write(Buffer.from([0xa5, 0x02, 0x5a]));
    const result = await running;
    await new Promise((r) => setTimeout(r, 50));
    expect(result.code, result.err).toBe(0);
    expect(result.out).toBe(`${line.trim()}\nhex a5 02 5a\n`);
    expect(replies.join('')).toBe('{"type":"ack","seq":1}\n');
    expect(closed).toBe(true);
    expect(result.err).toMatch(new RegExp(`listening on tcp:127\\.0\\.0\\.1:${port}[\\s\\S]*going away after 2 commands`));
  }, 20_000);

  it.each([
    [[], /give either --port PATH .* or --tcp PORT/],
    [['--port', '/tmp/x', '--tcp', '0'], /give either --port PATH .* or --tcp PORT/],
    [['--tcp', '0', '--baud', '300'], /--baud: expected one of 1200, /],
    [['--tcp', 'abc'], /--tcp: expected a number between 0 and 65535/],
    [['--tcp', '0', '--gone-after', '1.5'], /--gone-after: expected a whole number of commands/],
  ])('refuses %j', async (flags, message) => {
    const result = await runCli(['simulate', '--device', 'trigger-sink', ...flags]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });

  it('names a serial port that does not exist', async () => {
    const result = await runCli(['simulate', '--device', 'trigger-sink', '--port', '/dev/neurofeat-no-such-pty']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/serial port \/dev\/neurofeat-no-such-pty does not exist/);
  });
});
