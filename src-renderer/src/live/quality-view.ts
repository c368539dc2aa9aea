// What the Record step shows of the live signal quality and of the cue buttons, as pure functions of the acquisition status.
import type { AcquisitionStatus, ChannelQuality, LiveSignalQuality } from '../../../src-main/contract/index.ts';

export type QualityProblem = ChannelQuality['problems'][number];

/** Order of the problems in a channel's words: the worst (nothing usable) first. */
const PROBLEM_ORDER: readonly QualityProblem[] = ['railed', 'flat', 'line-noise', 'amplitude'];

export interface QualityVerdict {
  /** `pending` before a full window has been judged (the first 2 s), `go` or `no-go` after. */
  state: 'pending' | 'go' | 'no-go';
  /** Channels with problems, in channel order, each with its problems worst first. */
  failing: { label: string; problems: QualityProblem[] }[];
  channelCount: number;
}

export function qualityVerdict(quality: LiveSignalQuality | null): QualityVerdict {
  if (!quality) return { state: 'pending', failing: [], channelCount: 0 };
  const failing = quality.channels
    .filter((c) => !c.go)
    .map((c) => ({ label: c.label, problems: PROBLEM_ORDER.filter((p) => c.problems.includes(p)) }));
  return { state: failing.length === 0 ? 'go' : 'no-go', failing, channelCount: quality.channels.length };
}

/** Each channel's problems by label (an empty list is go), for the markers beside the channel names; null while pending. */
export function problemsByLabel(quality: LiveSignalQuality | null): Map<string, QualityProblem[]> | null {
  if (!quality) return null;
  return new Map(quality.channels.map((c) => [c.label, PROBLEM_ORDER.filter((p) => c.problems.includes(p))]));
}

/** Cue buttons act only while this session's acquisition records: a cue is a marker in its file. */
export function canCue(status: AcquisitionStatus | null, sessionId: number | null): boolean {
  return sessionId !== null && status !== null && status.state === 'running' && status.sessionId === sessionId && status.recording !== null;
}
