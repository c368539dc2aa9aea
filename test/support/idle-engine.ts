// The engine supervisor an ApiService gets in tests that never start the engine: it only takes the event listeners main attaches.
import type { EngineSupervisor } from '../../src-main/services/engine-supervisor.ts';

/** Accepts the listeners `ApiService` attaches at construction (recordings, protocol status) and never calls them. */
export function idleEngine(): EngineSupervisor {
  return { onRecording: () => () => undefined, onProtocolStatus: () => () => undefined } as unknown as EngineSupervisor;
}
