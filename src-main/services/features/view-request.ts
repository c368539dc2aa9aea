// A view request as a worker runs it: load the recordings, then an ERD/ERS map or the connectivity matrices.
import type { FeatureParameters } from '../../core/features/pipeline.ts';
import { loadRecording, type LoadedRecording } from '../recordings/load-recording.ts';
import { connectivityView, erdsView, type ConnectivityView, type ErdsView } from './feature-views.ts';

export interface ViewRequest {
  /** Absolute paths; each is checked against its `.sha256` sidecar (when it has one) as it is loaded. */
  files: string[];
  parameters: FeatureParameters;
  view: { kind: 'erds'; baselineSec: [number, number] } | { kind: 'connectivity' };
}

export type ViewOutcome = ({ kind: 'erds' } & ErdsView) | ({ kind: 'connectivity' } & ConnectivityView);

export async function runViewRequest(request: ViewRequest): Promise<ViewOutcome> {
  const recordings: LoadedRecording[] = [];
  for (const file of request.files) recordings.push(await loadRecording(file));
  if (request.view.kind === 'erds') return { kind: 'erds', ...erdsView(recordings, request.parameters, request.view.baselineSec) };
  return { kind: 'connectivity', ...connectivityView(recordings, request.parameters) };
}
