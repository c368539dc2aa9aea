// The workstation's settings (last device and its port/stream/host, LSL network scope, publishing) in the data folder's settings.json.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { defaultWorkstationSettings, deviceChoice, networkSettings, publishSettings, type SettingsInput, type SettingsView, type WorkstationSettings } from '../../contract/api.ts';
import { ApiFailure, detail } from '../../contract/errors.ts';
import { nullable, type Schema } from '../../contract/schema.ts';
import { ensureWritableFolder } from './database.ts';

export const SETTINGS_FILE = 'settings.json';
/** The version written in the file; a newer one is read as far as its sections fit. */
const SETTINGS_VERSION = 1;
/** A settings file is small; anything larger is not ours. */
const MAX_BYTES = 256 * 1024;

export const settingsPath = (dataDir: string): string => path.join(dataDir, SETTINGS_FILE);

const copyOfDefaults = (): WorkstationSettings => structuredClone(defaultWorkstationSettings);

/** One section of the file: its value when it fits the schema, else the default and a note of what did not fit. */
function section<T>(raw: Record<string, unknown>, key: string, schema: Schema<T>, fallback: T, problems: string[]): T {
  if (!(key in raw)) return fallback;
  const parsed = schema.parse(raw[key]);
  if (parsed.ok) return parsed.value;
  problems.push(`${key}${parsed.issue.path ? `.${parsed.issue.path}` : ''}: ${parsed.issue.message}`);
  return fallback;
}

/** The stored settings, or the defaults with the reason when the file cannot be read (it is left as it is). */
export function readSettings(dataDir: string): SettingsView {
  const file = settingsPath(dataDir);
  const settings = copyOfDefaults();
  if (!existsSync(file)) return { settings, file, problem: null };
  let raw: unknown;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_BYTES) throw new Error(`${bytes.length} bytes, more than the ${MAX_BYTES} a settings file can hold`);
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return { settings, file, problem: `${file} could not be read (${error instanceof Error ? error.message : String(error)}); the defaults are in force until the settings are saved (the unreadable file is then kept as ${SETTINGS_FILE}.unreadable)` };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings, file, problem: `${file} does not hold a settings object; the defaults are in force until the settings are saved` };
  }
  const record = raw as Record<string, unknown>;
  const problems: string[] = [];
  settings.device = section(record, 'device', nullable(deviceChoice), null, problems);
  settings.network = section(record, 'network', networkSettings, settings.network, problems);
  settings.publish = section(record, 'publish', publishSettings, settings.publish, problems);
  return { settings, file, problem: problems.length > 0 ? `${file}: ${problems.join('; ')} (the defaults are used there)` : null };
}

/** Writes the file whole (a temporary file synced, then renamed over the old one), private to the user. */
function writeSettingsFile(dataDir: string, settings: WorkstationSettings): void {
  const file = settingsPath(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  const text = `${JSON.stringify({ version: SETTINGS_VERSION, ...settings }, null, 2)}\n`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

/** Replaces the sections given (each whole) and answers the settings as stored; `storage-unwritable` when the file cannot be written. */
export function updateSettings(dataDir: string, patch: SettingsInput): SettingsView {
  const file = settingsPath(dataDir);
  const current = readSettings(dataDir);
  const next: WorkstationSettings = {
    device: patch.device === undefined ? current.settings.device : patch.device,
    network: patch.network ?? current.settings.network,
    publish: patch.publish ?? current.settings.publish,
  };
  try {
    ensureWritableFolder(dataDir);
    // A file we could not read is kept aside, never overwritten: someone may want what it held.
    if (current.problem !== null && existsSync(file)) renameSync(file, `${file}.unreadable`);
    writeSettingsFile(dataDir, next);
  } catch (error) {
    const reason = error instanceof ApiFailure ? error.message : error instanceof Error ? error.message : String(error);
    throw new ApiFailure('storage-unwritable', `The settings could not be saved in ${file}: ${reason}`, 'Check that the data folder can be written.', detail('settings-unwritable', { file, detail: reason }));
  }
  return { settings: next, file, problem: null };
}
