// The two vitest tiers: `unit` (the fast loop, pure TypeScript) and `reference` (live Python/biosig comparisons and ONNX sessions).

/**
 * Test files that run a reference implementation live (Debian's Python with MNE, scikit-learn, SciPy,
 * statsmodels; biosig's save2gdf) or build and run ONNX models on real recordings: seconds each.
 * `npm run test:reference` runs them, `npm run test:unit` leaves them out, `npm test` and CI run both.
 * test/tiers.test.ts checks that every file calling Python or save2gdf is listed here.
 */
export const referenceTierFiles = [
  'test/core/ml/classifiers.test.ts',
  'test/core/ml/csp.test.ts',
  'test/core/ml/linalg.test.ts',
  'test/core/ml/metrics.test.ts',
  'test/core/montage.test.ts',
  'test/core/formats/edf-mne.test.ts',
  'test/core/formats/gdf.test.ts',
  'test/engine/recorder.test.ts',
  'test/engine/inference/onnx-session.test.ts',
];

/** Source fragments that mean a test file runs Python or biosig live. */
export const liveReferenceMarkers = ['readWithMne(', 'runReference', 'referencePython', "'save2gdf'"];
