// The registry of benchmark suites run by `neurofeat bench`.
import type { BenchSuite } from './suite.ts';

export const suites: BenchSuite[] = [
];
