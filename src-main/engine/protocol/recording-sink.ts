// A protocol run's samples and markers into the crash-safe EDF+/BDF+ recorder; markers carry their GDF code as text.
import type { EdfRecorder } from '../recorder/edf-recorder.ts';
import { LOST_ANNOTATION, type DeviceRecording } from '../recorder/device-recording.ts';
import type { RunSink } from './protocol-run.ts';

/**
 * Markers are written as annotations whose text is the GDF code (`769`), the form HappyFeat's classes and
 * `--classes 769,770` match; the readable name stays in the protocol's own report.
 */
export function recorderSink(recorder: EdfRecorder): RunSink {
  return {
    samples(block, nChannels) {
      const n = block.nSamples;
      const chunk = Array.from({ length: nChannels }, (_, c) => block.samples.subarray(c * n, (c + 1) * n));
      recorder.appendSamples(chunk);
    },
    lost(count, onsetSec, durationSec) {
      recorder.addAnnotation(onsetSec, durationSec, `${LOST_ANNOTATION} (${count})`);
    },
    marker(marker, onsetSec) {
      recorder.addAnnotation(onsetSec, 0, String(marker.code));
    },
    deviceMarker(marker, onsetSec) {
      recorder.addAnnotation(onsetSec, marker.durationSec, marker.label);
    },
  };
}

/** The app's protocol runs: the crash-safe device recording (lost samples held and annotated), markers as their code. */
export function deviceRecordingSink(recording: DeviceRecording): RunSink {
  return {
    samples(block) {
      recording.samplesArrived(block);
    },
    lost(count) {
      recording.lostHeld(count);
    },
    marker(marker) {
      recording.markerArrived({ sampleIndex: marker.sample, label: String(marker.code), durationSec: 0 });
    },
  };
}
