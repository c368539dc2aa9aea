// The LSL streams that answer within a timeout, in the workstation's network scope, as the device panel and `neurofeat lsl list` show them.
import type { LslDiscovery, LslStreamSummary, NetworkSettings } from '../../contract/api.ts';
import { lslConfigOf, lslNetwork } from './lsl-network.ts';
import { lslQuery, resolveLslStreams, type ResolvedStream } from './lsl-resolver.ts';

/** One resolved stream in the fields the panel and the CLI list. */
export function streamSummary({ info, address }: ResolvedStream): LslStreamSummary {
  return { name: info.name, type: info.type, channels: info.channelCount, sampleRateHz: info.nominalSrate, format: info.channelFormat, host: info.hostname, address, sourceId: info.sourceId };
}

/** By name, then host. */
export const byNameThenHost = (a: LslStreamSummary, b: LslStreamSummary): number => a.name.localeCompare(b.name) || a.host.localeCompare(b.host);

/** Every stream that answers within `timeoutSec`, asked within `network` (this machine when absent); malformed answers become warnings. */
export async function discoverLslStreams(timeoutSec: number, network: NetworkSettings | undefined): Promise<LslDiscovery> {
  const reach: NetworkSettings = network ?? { scope: 'machine', knownPeers: [] };
  const config = lslNetwork(lslConfigOf(reach));
  const warnings: string[] = [];
  const found = await resolveLslStreams(lslQuery(config.sessionId), { network: config, timeoutMs: timeoutSec * 1000, log: (m) => warnings.push(m) });
  return { streams: found.map(streamSummary).sort(byNameThenHost), network: reach, timeoutSec, warnings: warnings.slice(0, 20) };
}
