// Turns one binary message from either transport into a signal frame for the subscribers, or reports it as bad.
import { decodeSignalFrame } from '../../../src-main/contract/index.ts';
import type { SignalFrame } from '../../../src-main/contract/index.ts';

export function deliverFrame(data: ArrayBuffer | ArrayBufferView, emit: (frame: SignalFrame) => void, onBadFrame: (error: unknown) => void): void {
  let frame: SignalFrame;
  try {
    frame = decodeSignalFrame(data);
  } catch (error) {
    onBadFrame(error);
    return;
  }
  emit(frame);
}
