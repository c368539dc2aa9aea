// Handlers of electrode positions: channel labels as recordings write them, placed on the head and cleaned.
import type { HandlerMap } from '../../contract/api.ts';
import { channelPositions } from '../../core/montage.ts';

export function montageHandlers(): HandlerMap<'montage.positions'> {
  return {
    'montage.positions': (p) => channelPositions(p.channels),
  };
}
