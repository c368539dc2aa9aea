// Where LSL discovery and outlets reach: this machine by default, the local link or site only when configured; the LSL clock.
import { LSL_BASE_PORT, LSL_MULTICAST_PORT, LSL_PORT_RANGE, LSL_SCOPE_ADDRESSES } from '../../core/network/lsl-messages.ts';

/** `machine`: 127.0.0.1 only (the default); `link`: plus broadcast and link multicast; `site`: plus the site multicast group. */
export type LslScope = 'machine' | 'link' | 'site';

export interface LslNetworkConfig {
  scope: LslScope;
  /** Hosts asked directly (unicast to their port range), whatever the scope; an explicit choice of the user. */
  knownPeers: string[];
  multicastPort: number;
  basePort: number;
  portRange: number;
  sessionId: string;
}

export const defaultLslNetwork: LslNetworkConfig = {
  scope: 'machine',
  knownPeers: [],
  multicastPort: LSL_MULTICAST_PORT,
  basePort: LSL_BASE_PORT,
  portRange: LSL_PORT_RANGE,
  sessionId: 'default',
};

export function lslNetwork(partial: Partial<LslNetworkConfig> = {}): LslNetworkConfig {
  return { ...defaultLslNetwork, ...partial, knownPeers: [...(partial.knownPeers ?? defaultLslNetwork.knownPeers)] };
}

/** Every address and port a discovery query goes to: the scope's group addresses on the multicast port, then each port of the range on this machine and on known peers. */
export function discoveryTargets(config: LslNetworkConfig): { address: string; port: number }[] {
  const groups: string[] = [...LSL_SCOPE_ADDRESSES.machine];
  if (config.scope === 'link' || config.scope === 'site') groups.push(...LSL_SCOPE_ADDRESSES.link);
  if (config.scope === 'site') groups.push(...LSL_SCOPE_ADDRESSES.site);
  const targets = groups.map((address) => ({ address, port: config.multicastPort }));
  for (const host of ['127.0.0.1', ...config.knownPeers]) {
    for (let p = config.basePort; p < config.basePort + config.portRange; p++) targets.push({ address: host, port: p });
  }
  return targets;
}

/** The interface outlets and discovery sockets bind to: loopback unless the scope reaches the network. */
export function bindAddress(config: LslNetworkConfig): string {
  return config.scope === 'machine' && config.knownPeers.length === 0 ? '127.0.0.1' : '0.0.0.0';
}

/** Multicast groups an outlet joins to answer queries (none for the machine scope). */
export function multicastGroups(config: LslNetworkConfig): string[] {
  if (config.scope === 'machine') return [];
  return [...LSL_SCOPE_ADDRESSES.link, ...(config.scope === 'site' ? LSL_SCOPE_ADDRESSES.site : [])].filter((a) => a !== '255.255.255.255');
}

/** liblsl's local_clock(): monotonic seconds (CLOCK_MONOTONIC on Linux, as liblsl's steady_clock). */
export function lslClock(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** Wall-clock epoch milliseconds of a local LSL clock time. */
export function lslToWallMs(t: number): number {
  return performance.timeOrigin + performance.now() - (lslClock() - t) * 1000;
}

/** Local LSL clock time of a wall-clock epoch millisecond. */
export function wallMsToLsl(ms: number): number {
  return lslClock() - (performance.timeOrigin + performance.now() - ms) / 1000;
}

/** One line saying how far LSL reaches, for the places where the setting matters. */
export function describeScope(config: LslNetworkConfig): string {
  const peers = config.knownPeers.length > 0 ? ` and known peers ${config.knownPeers.join(', ')}` : '';
  const scope = config.scope === 'machine' ? 'this machine only' : config.scope === 'link' ? 'this machine and the local network link (broadcast, multicast)' : 'this machine and the site network (multicast)';
  return `LSL reaches ${scope}${peers}`;
}

/** The workstation's network settings (`settings.json`) as the LSL modules take them: absent ports keep liblsl's defaults. */
export function lslConfigOf(settings: { scope: LslScope; knownPeers: readonly string[]; multicastPort?: number; basePort?: number } | undefined): Partial<LslNetworkConfig> {
  if (!settings) return {};
  const config: Partial<LslNetworkConfig> = { scope: settings.scope, knownPeers: [...settings.knownPeers] };
  if (settings.multicastPort !== undefined) config.multicastPort = settings.multicastPort;
  if (settings.basePort !== undefined) config.basePort = settings.basePort;
  return config;
}
