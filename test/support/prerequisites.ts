// What tests need from outside the repository (Debian packages, the shared recordings): a one-line reason to skip, or a failure under NEUROFEAT_REQUIRE_ALL=1.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** CI sets NEUROFEAT_REQUIRE_ALL=1: there, anything missing is a failure instead of a skip. */
export const requireAll = process.env.NEUROFEAT_REQUIRE_ALL === '1';

/** Passes a missing prerequisite on as the reason to skip, or throws it when everything is required. */
export function prerequisite(problem: string | null): string | null {
  if (problem !== null && requireAll) throw new Error(`NEUROFEAT_REQUIRE_ALL=1, but ${problem}`);
  return problem;
}

/** The Debian packages tests use, and the file each one installs that the tests run. */
export type DebianPackage = 'chromium' | 'python3' | 'python3-numpy' | 'python3-scipy' | 'python3-mne' | 'python3-sklearn' | 'python3-statsmodels' | 'biosig-tools' | 'socat' | 'qpdf' | 'poppler-utils';

const pythonModules = '/usr/lib/python3/dist-packages';

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, command)));
}

const installed: Record<DebianPackage, () => boolean> = {
  'chromium': () => existsSync(chromiumPath),
  'python3': () => existsSync('/usr/bin/python3'),
  'python3-numpy': () => existsSync(path.join(pythonModules, 'numpy')),
  'python3-scipy': () => existsSync(path.join(pythonModules, 'scipy')),
  'python3-mne': () => existsSync(path.join(pythonModules, 'mne')),
  'python3-sklearn': () => existsSync(path.join(pythonModules, 'sklearn')),
  'python3-statsmodels': () => existsSync(path.join(pythonModules, 'statsmodels')),
  'biosig-tools': () => onPath('save2gdf'),
  'socat': () => onPath('socat'),
  'qpdf': () => onPath('qpdf'),
  'poppler-utils': () => onPath('pdftotext'),
};

/** The Chromium the browser end-to-end tests drive. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The Python reference implementations (Debian's /usr/bin/python3 and its scientific packages). */
export const pythonReferencePackages: DebianPackage[] = ['python3', 'python3-numpy', 'python3-scipy', 'python3-mne', 'python3-sklearn', 'python3-statsmodels'];

/**
 * Which of these Debian packages are missing, as one line with the command that installs them; null when all are there.
 * Use it as `describe.skipIf(debianPackagesMissing('biosig-tools'))(...)`.
 */
export function debianPackagesMissing(...packages: DebianPackage[]): string | null {
  const missing = [...new Set(packages)].filter((name) => !installed[name]());
  if (missing.length === 0) return null;
  const chromiumHint = missing.includes('chromium') && process.env.CHROMIUM_PATH ? ` (CHROMIUM_PATH=${chromiumPath} does not exist)` : '';
  return prerequisite(`missing Debian package${missing.length > 1 ? 's' : ''} ${missing.join(', ')}${chromiumHint}: sudo apt-get install ${missing.join(' ')}`);
}

/** Why the live Python reference comparisons cannot run here, or null. */
export const pythonMissing: string | null = debianPackagesMissing(...pythonReferencePackages);

/** Why the biosig (save2gdf) comparisons cannot run here, or null. */
export const biosigMissing: string | null = debianPackagesMissing('biosig-tools');

/** Why the PDF checks (qpdf --check, pdftotext) cannot run here, or null. */
export const pdfToolsMissing: string | null = debianPackagesMissing('qpdf', 'poppler-utils');
