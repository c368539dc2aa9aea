// Vitest global setup: says once, before the run, which prerequisites are missing and so which tests skip (fails under NEUROFEAT_REQUIRE_ALL=1).
import { debianPackagesMissing, pythonReferencePackages } from './prerequisites.ts';
import { sharedDataMissing } from './shared-data.ts';

export default function reportPrerequisites(): void {
  const problems = [sharedDataMissing, debianPackagesMissing(...pythonReferencePackages, 'biosig-tools', 'qpdf', 'poppler-utils')].filter((p) => p !== null);
  for (const problem of problems) console.log(`skipping the tests that need it: ${problem}`);
}
