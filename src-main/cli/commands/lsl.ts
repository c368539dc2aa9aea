// `neurofeat lsl list`: the Lab Streaming Layer streams that answer, on this machine unless a wider scope or peers are given.
import { defaultLslNetwork, describeScope, lslNetwork, type LslNetworkConfig, type LslScope } from '../../engine/network/lsl-network.ts';
import { lslQuery, resolveLslStreams } from '../../engine/network/lsl-resolver.ts';
import { byNameThenHost, streamSummary } from '../../engine/network/lsl-discovery.ts';
import { numberFlag, printJson, stringFlag, UsageError, type Command, type OptionSpec, type ParsedArgs } from '../command.ts';

/** The flags that say how far LSL reaches, shared with `neurofeat stream`. */
export const networkOptions: OptionSpec = {
  scope: { type: 'string' },
  peer: { type: 'string', multiple: true },
  'multicast-port': { type: 'string' },
  'base-port': { type: 'string' },
};

export const networkHelp = `  --scope S     machine (default: 127.0.0.1 only), link (plus broadcast and link multicast), site (plus site multicast)
  --peer HOST   also ask HOST directly (repeatable)
  --multicast-port P, --base-port P   LSL's ports (default 16571 and 16572..16603, as liblsl's lsl_api.cfg)`;

export function networkFromFlags(args: ParsedArgs): LslNetworkConfig {
  const scope = stringFlag(args, 'scope') ?? 'machine';
  if (!['machine', 'link', 'site'].includes(scope)) throw new UsageError(`--scope: expected machine, link or site, got '${scope}'`);
  const peers = args.values.peer;
  const knownPeers = (Array.isArray(peers) ? peers : peers === undefined ? [] : [peers]).map(String).filter((p) => p.trim() !== '');
  const multicastPort = numberFlag(args, 'multicast-port', defaultLslNetwork.multicastPort, 1, 65535);
  const basePort = numberFlag(args, 'base-port', defaultLslNetwork.basePort, 1, 65535 - defaultLslNetwork.portRange);
  if (!Number.isInteger(multicastPort) || !Number.isInteger(basePort)) throw new UsageError('--multicast-port, --base-port: expected whole port numbers');
  return lslNetwork({ scope: scope as LslScope, knownPeers, multicastPort, basePort });
}

export const lslCommand: Command = {
  help: `Usage: neurofeat lsl list [--timeout S] [--query Q] [--scope S] [--peer HOST]... [--json]

Lists the Lab Streaming Layer streams that answer within the timeout: name, type, channels, rate,
format, host and source id. Discovery stays on this machine unless --scope or --peer say otherwise.
  --timeout S   seconds to wait for answers (default 2, 0.2 to 60)
  --query Q     an LSL query (XPath subset: name='EEG' and type='EEG', starts-with(name,'X'), ...)
${networkHelp}`,
  options: { timeout: { type: 'string' }, query: { type: 'string' }, ...networkOptions },
  async run(args, io) {
    const [sub, ...extra] = args.positionals;
    if (sub !== 'list') throw new UsageError(sub === undefined ? 'expected a subcommand: list' : `unknown subcommand '${sub}'; expected list`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const timeoutSec = numberFlag(args, 'timeout', 2, 0.2, 60);
    const network = networkFromFlags(args);
    const custom = stringFlag(args, 'query');
    const query = custom ? `${lslQuery(network.sessionId)} and (${custom})` : lslQuery(network.sessionId);
    const warnings: string[] = [];
    io.err(`${describeScope(network)}; waiting ${timeoutSec} s for answers\n`);
    const found = await resolveLslStreams(query, { network, timeoutMs: timeoutSec * 1000, log: (m) => warnings.push(m) });
    const streams = found
      .map((stream) => ({ ...streamSummary(stream), uid: stream.info.uid, protocol: stream.info.version / 100, dataPort: stream.info.v4dataPort }))
      .sort(byNameThenHost);
    for (const w of warnings) io.err(`warning: ${w}\n`);
    if (args.values.json === true) {
      printJson(io, { scope: network.scope, knownPeers: network.knownPeers, timeoutSec, streams });
      return 0;
    }
    if (streams.length === 0) {
      io.out('no LSL streams found\n');
      return 0;
    }
    const rows = [['name', 'type', 'channels', 'rate (Hz)', 'format', 'host', 'address', 'source id'],
      ...streams.map((s) => [s.name, s.type, String(s.channels), s.sampleRateHz === 0 ? 'irregular' : String(s.sampleRateHz), s.format, s.host, s.address, s.sourceId])];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows) io.out(r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd() + '\n');
    return 0;
  },
};
