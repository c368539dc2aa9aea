// Turns a device's failure to open (a driver's CoreError naming its problem) into the API's `device-failed` error the renderer words.
import type { DeviceSource } from '../../contract/api.ts';
import { ApiFailure, detail, deviceProblems, type DeviceProblem } from '../../contract/errors.ts';
import { CoreError } from '../../core/errors.ts';

/** The problem a driver named in its error's details (`problem`), else `failed`. */
export function problemOf(error: unknown): DeviceProblem {
  if (!(error instanceof CoreError)) return 'failed';
  const named = error.details.problem;
  return typeof named === 'string' && (deviceProblems as readonly string[]).includes(named) ? (named as DeviceProblem) : 'failed';
}

/** What the problem is about: the port, stream, host or file the device was started with. */
function targetOf(problem: DeviceProblem, source: DeviceSource): string | null {
  if (problem.startsWith('port-') || problem === 'no-answer' || problem === 'board-off' || problem === 'wrong-device' || problem === 'no-daisy') return source.port ?? null;
  if (problem.startsWith('stream-')) return source.stream ?? null;
  if (problem === 'host-unreachable') return source.host ?? null;
  if (problem === 'file-unreadable') return source.file ?? null;
  return source.port ?? source.stream ?? source.host ?? source.file ?? null;
}

const recoveries: Partial<Record<DeviceProblem, string>> = {
  'port-missing': 'Check the cable or dongle and choose the port again (the list is refreshed in the device panel).',
  'port-denied': "On Linux add the user to the 'dialout' group and log in again.",
  'port-busy': 'Close the other program that holds the port (OpenBCI GUI, another NeuroFeat) and start again.',
  'no-answer': 'Check that the amplifier is switched on and that this is its port.',
  'board-off': 'Switch the board on (PC position) and keep it within range of the dongle.',
  'wrong-device': 'Choose the port of this amplifier, or the device that is connected there.',
  'no-daisy': 'Fit the Daisy module or choose the 8-channel Cyton.',
  'stream-not-found': 'Start the stream, or widen the network scope in the settings.',
  'stream-ambiguous': 'Close all but one of the streams with that name, or rename them.',
  'stream-unsuitable': 'Choose the signal stream; a marker stream goes in the markers field.',
  'host-unreachable': 'Check that Recorder runs on that computer with Remote Data Access enabled.',
  'file-unreadable': 'Choose a readable EDF, BDF, GDF or XDF recording.',
};

/** The API error for a device that could not be opened: code `device-unavailable`, reason `device-failed`, the driver's sentence kept. */
export function deviceFailure(deviceId: string, error: unknown, source: DeviceSource = {}): ApiFailure {
  const message = error instanceof Error ? error.message : String(error);
  const problem = problemOf(error);
  return new ApiFailure(
    'device-unavailable',
    `The device '${deviceId}' could not be started: ${message}`,
    recoveries[problem] ?? 'Check that the amplifier is connected and switched on.',
    detail('device-failed', { device: deviceId, problem, target: targetOf(problem, source), detail: message }),
  );
}
