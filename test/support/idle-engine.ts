// The engine supervisor an ApiService gets in tests that never start the engine: it only takes the event listeners main attaches.
import type { EngineSupervisor } from '../../src-main/services/engine-supervisor.ts';

/**
 * Accepts every listener `ApiService` attaches at construction (`onRecording`, `onProtocolStatus`, `onImpedance`, and
 * any added later: every `on...` member) and never calls them; anything else is absent.
 */
export function idleEngine(): EngineSupervisor {
  const attach = () => () => undefined;
  return new Proxy({}, { get: (_target, key) => (typeof key === 'string' && /^on[A-Z]/.test(key) ? attach : undefined) }) as EngineSupervisor;
}
