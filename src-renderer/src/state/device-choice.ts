// Pure helpers of the device panel: the form preselected from the workstation's last choice, why it cannot start yet, the start request, LSL's reach in words.
import { HOST_PATTERN, type AcquisitionConfig, type DeviceChoice, type DeviceDescriptor, type DeviceSource, type NetworkSettings, type PublishInput, type PublishSettings } from '../../../src-main/contract/index.ts';
import { defaultDeviceId } from './acquisition-view.ts';

/** What the device panel edits (text as typed; numbers are checked at start). */
export interface DeviceForm {
  deviceId: string | null;
  port: string;
  file: string;
  stream: string;
  /** An LSL marker stream whose strings become the recording's markers ('' for none). */
  markers: string;
  host: string;
  nChannels: string;
  sampleRateHz: number | null;
  /** Publish the signal and markers as LSL outlets while acquiring. */
  publish: boolean;
}

export function emptyDeviceForm(): DeviceForm {
  return { deviceId: null, port: '', file: '', stream: '', markers: '', host: '', nChannels: '', sampleRateHz: null, publish: false };
}

/** The device to preselect: the one asked for in the address if listed, else the workstation's last one, else the synthetic amplifier, else the first. */
export function preselectedDevice(devices: readonly DeviceDescriptor[], requested: string | null, remembered: DeviceChoice | null): string | null {
  if (requested && devices.some((d) => d.id === requested)) return requested;
  return defaultDeviceId(devices, remembered?.device ?? null);
}

/**
 * The form for a device: its defaults, and what the workstation last used with that same device (port, stream,
 * host, file, synthetic settings). `publish` comes from the settings' publishing default.
 */
export function formFor(device: DeviceDescriptor | null, remembered: DeviceChoice | null, publishDefault: boolean): DeviceForm {
  const form = { ...emptyDeviceForm(), publish: publishDefault };
  if (!device) return form;
  form.deviceId = device.id;
  form.nChannels = device.configurable ? String(device.defaultChannels) : '';
  form.sampleRateHz = device.configurable ? device.defaultSampleRateHz : null;
  if (remembered && remembered.device === device.id) {
    const source = remembered.source ?? {};
    form.port = source.port ?? '';
    form.file = source.file ?? '';
    form.stream = source.stream ?? '';
    form.markers = source.markers ?? '';
    form.host = source.host ?? '';
    const config = remembered.config ?? {};
    if (device.configurable && config.nChannels !== undefined && config.nChannels <= device.maxChannels) form.nChannels = String(config.nChannels);
    if (device.configurable && config.sampleRateHz !== undefined && device.sampleRatesHz.includes(config.sampleRateHz)) form.sampleRateHz = config.sampleRateHz;
  }
  return form;
}

/** Why Start cannot act yet, or null: no device, what the device still needs, channels out of range, a relative file path. */
export type StartBlocker = 'no-device' | 'needs-port' | 'needs-file' | 'needs-stream' | 'needs-host' | 'channels' | 'file-not-absolute';

const isAbsolutePath = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');

export function startBlocker(device: DeviceDescriptor | null, form: DeviceForm): StartBlocker | null {
  if (!device) return 'no-device';
  switch (device.needs) {
    case 'port':
      if (form.port.trim() === '') return 'needs-port';
      break;
    case 'file':
      if (form.file.trim() === '') return 'needs-file';
      if (!isAbsolutePath(form.file.trim())) return 'file-not-absolute';
      break;
    case 'stream':
      if (form.stream.trim() === '') return 'needs-stream';
      break;
    case 'host':
      if (form.host.trim() === '') return 'needs-host';
      break;
    case 'nothing':
      break;
  }
  if (device.configurable) {
    const n = Number(form.nChannels);
    if (!Number.isInteger(n) || n < 1 || n > device.maxChannels) return 'channels';
  }
  return null;
}

/** The `acquisition.start` fields the panel decides: device, config (synthetic), source, publish. */
export interface DeviceStartRequest {
  device: string;
  config: AcquisitionConfig;
  source?: DeviceSource;
  publish?: PublishInput;
}

/** The request for a form that `startBlocker` accepts. */
export function startRequest(device: DeviceDescriptor, form: DeviceForm, publish: PublishSettings): DeviceStartRequest {
  const config: AcquisitionConfig = device.configurable ? { nChannels: Number(form.nChannels), sampleRateHz: form.sampleRateHz ?? device.defaultSampleRateHz } : {};
  const source: DeviceSource = {};
  if (device.needs === 'port') source.port = form.port.trim();
  if (device.needs === 'file') source.file = form.file.trim();
  if (device.needs === 'stream') {
    source.stream = form.stream.trim();
    if (form.markers.trim() !== '') source.markers = form.markers.trim();
  }
  if (device.needs === 'host') source.host = form.host.trim();
  const request: DeviceStartRequest = { device: device.id, config };
  if (Object.keys(source).length > 0) request.source = source;
  if (form.publish) request.publish = { signal: publish.signal, markers: publish.markers, decisions: publish.decisions };
  return request;
}

/** The scope's key in the messages (`network.scopes.*`) and the peers to name after it. */
export function scopeWords(network: Pick<NetworkSettings, 'scope' | 'knownPeers'>): { key: `network.scopes.${NetworkSettings['scope']}`; peers: string | null } {
  return { key: `network.scopes.${network.scope}`, peers: network.knownPeers.length > 0 ? network.knownPeers.join(', ') : null };
}

/** The reach in the user's language ("This machine only", "…, and the known peers 10.0.0.7"), given vue-i18n's `t`. */
export function scopeText(network: Pick<NetworkSettings, 'scope' | 'knownPeers'>, t: (key: string, params?: Record<string, unknown>) => string): string {
  const words = scopeWords(network);
  return words.peers ? t('network.scopeWithPeers', { scope: t(words.key), peers: words.peers }) : t(words.key);
}

/** Known peers typed one per line (or separated by commas or spaces): the list, or the first entry that is not a host. */
export function parsePeers(text: string): { peers: string[]; invalid: string | null } {
  const peers: string[] = [];
  for (const entry of text.split(/[\s,]+/)) {
    if (entry === '') continue;
    if (!HOST_PATTERN.test(entry)) return { peers: [], invalid: entry };
    if (!peers.includes(entry)) peers.push(entry);
  }
  return { peers, invalid: null };
}
