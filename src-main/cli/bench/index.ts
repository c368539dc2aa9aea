// The registry of benchmark suites run by `neurofeat bench`.
import type { BenchSuite } from './suite.ts';
import { shellSuite } from './shell.ts';

export const suites: BenchSuite[] = [
  shellSuite,
];
