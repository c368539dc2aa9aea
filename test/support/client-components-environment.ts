// A Vitest environment for tests that mount components with Vue's client runtime: plain Node, but modules transformed as for the window (single-file components compiled to render functions, not to server rendering).
import type { Environment } from 'vitest/runtime';

const clientComponents: Environment = {
  name: 'client-components',
  viteEnvironment: 'client',
  setup: () => ({ teardown: () => undefined }),
};

export default clientComponents;
