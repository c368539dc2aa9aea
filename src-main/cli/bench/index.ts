// The registry of benchmark suites run by `neurofeat bench`.
import type { BenchSuite } from './suite.ts';
import { filesSuite } from './files.ts';
import { shellSuite } from './shell.ts';
import { accuracySuite } from './accuracy.ts';
import { trainingSuite } from './training.ts';
import { featuresSuite } from './features.ts';

export const suites: BenchSuite[] = [
  filesSuite,
  shellSuite,
  trainingSuite,
  accuracySuite,
  featuresSuite,
];
