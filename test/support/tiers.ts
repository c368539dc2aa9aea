// The three vitest tiers: `unit` (the fast loop), `integration` (processes, servers, threads, ONNX) and `reference` (live Python/biosig).

/**
 * Test files that run a reference implementation live (Debian's Python with MNE, scikit-learn, SciPy, statsmodels;
 * biosig's save2gdf), or build and run ONNX models on real recordings: seconds each.
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
  'test/core/ml/standard-export.test.ts',
  'test/engine/inference/withdrawn-mdm-model.test.ts',
  'test/renderer/live/display-filter.test.ts',
  'test/core/stats/logistic-trend.test.ts',
  'test/services/reports/report-pdf.test.ts',
];

/** Test files that start processes, servers, sockets or worker threads, run ONNX sessions, or fuzz whole files: seconds each. */
export const integrationTierFiles = [
  'test/cli/shell-commands.test.ts',
  'test/cli/setup-commands.test.ts',
  'test/cli/commands/train-predict.test.ts',
  'test/cli/commands/train-standard.test.ts',
  'test/core/ml/family-choice.test.ts',
  'test/cli/commands/features.test.ts',
  'test/core/formats/fuzz.test.ts',
  'test/core/onnx/matrix-log-graph.test.ts',
  'test/host/host-server.test.ts',
  'test/host/feature-jobs.test.ts',
  'test/host/feature-extraction-options.test.ts',
  'test/services/jobs/feature-cache.test.ts',
  'test/services/jobs/feature-job.test.ts',
  'test/cli/commands/lsl-stream.test.ts',
  'test/engine/network/lsl-loopback.test.ts',
  'test/engine/network/lsl-network.test.ts',
  'test/engine/network/rda-device.test.ts',
  'test/renderer/api/websocket-client.test.ts',
  'test/cli/commands/record-simulate.test.ts',
  'test/engine/devices/cyton-pty.test.ts',
  'test/engine/devices/unicorn-openeeg-pty.test.ts',
  'test/engine/devices/serial-link.test.ts',
  'test/cli/filesystem-errors.test.ts',
  'test/core/formats/bounded-resources.test.ts',
  'test/host/host-server-hardening.test.ts',
  'test/services/database-integrity.test.ts',
  'test/cli/commands/run-protocol.test.ts',
  'test/host/montage.test.ts',
  'test/host/workspace.test.ts',
  'test/host/withdrawn-family.test.ts',
  'test/host/job-errors.test.ts',
  'test/host/job-error-reasons.test.ts',
  'test/host/recording.test.ts',
  'test/host/devices.test.ts',
  'test/host/impedance.test.ts',
  'test/host/assessments.test.ts',
  'test/host/audit.test.ts',
  'test/engine/network/acquisition-publisher.test.ts',
  'test/host/protocol.test.ts',
  'test/engine/output/trigger-relay.test.ts',
  'test/cli/commands/run-protocol-real-devices.test.ts',
  'test/cli/commands/simulate-trigger-sink.test.ts',
  'test/services/training/tangent-space-threads.test.ts',
  'test/services/training/split-training.test.ts',
  'test/host/protocol-displays.test.ts',
  'test/cli/commands/transfer.test.ts',
  'test/host/patient-transfer.test.ts',
  'test/cli/commands/report.test.ts',
  'test/host/review-report.test.ts',
  'test/host/review.test.ts',
];

/** Source fragments that put a test file in the reference tier: it runs Python or biosig live. */
export const referenceMarkers = ['readWithMne(', 'runReference', 'referencePython', "'save2gdf'"];

/** Source fragments that keep a test file out of the unit tier: it starts processes, a host or sockets, or loads onnxruntime. */
export const integrationMarkers = ['node:child_process', 'startHost(', 'useTestHost(', 'onnxruntime', "'node:net'", "'node:dgram'"];
