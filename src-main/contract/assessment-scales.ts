// The clinical scales a therapist records per session (FMA-UE, ARAT): range, minimal clinically important difference and its source, defined once (docs/review.md).

/** The scales' ids, as stored (`assessments.scale`) and sent (`assessments.add`). */
export const assessmentScaleIds = ['fma-ue', 'arat'] as const;
export type AssessmentScaleId = (typeof assessmentScaleIds)[number];

export interface AssessmentScale {
  id: AssessmentScaleId;
  /** The abbreviation clinicians use (the same in English and French). */
  abbreviation: string;
  /** The full English name (the renderer and the report word it in the user's language). */
  name: string;
  /** Whole points from `min` to `max`, both included. */
  min: number;
  max: number;
  /**
   * The minimal clinically important difference, points: a single value (`low` = `high`) or the range of estimates a
   * study gives. A change of at least `high` reaches it; one from `low` to `high` is within the range of estimates.
   */
  mcid: { low: number; high: number };
  /** Where the range and the MCID come from (cited in the report and docs/review.md). */
  sources: { range: string; mcid: string };
}

export const assessmentScales: Readonly<Record<AssessmentScaleId, AssessmentScale>> = {
  'fma-ue': {
    id: 'fma-ue', abbreviation: 'FMA-UE', name: 'Fugl-Meyer Assessment, upper extremity (motor)', min: 0, max: 66,
    mcid: { low: 4.25, high: 7.25 },
    sources: {
      range: 'Fugl-Meyer et al. 1975, Scand J Rehabil Med 7:13-31 (motor function of the upper extremity, 33 items scored 0-2)',
      mcid: 'Page, Fulk & Boyne 2012, Phys Ther 92:791-798 (chronic stroke, minimal to moderate impairment: 4.25-7.25 points)',
    },
  },
  arat: {
    id: 'arat', abbreviation: 'ARAT', name: 'Action Research Arm Test', min: 0, max: 57,
    mcid: { low: 5.7, high: 5.7 },
    sources: {
      range: 'Lyle 1981, Int J Rehabil Res 4:483-492 (19 items scored 0-3)',
      mcid: 'van der Lee et al. 2001, J Rehabil Med 33:110-113 (chronic stroke: 5.7 points, 10% of the range)',
    },
  },
};

export const isAssessmentScaleId = (value: string): value is AssessmentScaleId => (assessmentScaleIds as readonly string[]).includes(value);

/** Why a score cannot be recorded on a scale, or null when it can (whole points within the range). */
export function scoreProblem(scale: AssessmentScale, score: number): 'score-not-integer' | 'score-out-of-range' | null {
  if (!Number.isFinite(score) || score < scale.min || score > scale.max) return 'score-out-of-range';
  if (!Number.isInteger(score)) return 'score-not-integer';
  return null;
}

/**
 * Whether a change (last score minus first) reaches the scale's minimal clinically important difference, in either
 * direction: `reached` (|change| >= high), `within-range` (low <= |change| < high: only for a scale whose MCID is a
 * range of estimates), `not-reached`.
 */
export type McidVerdict = 'reached' | 'within-range' | 'not-reached';

export function mcidVerdict(scale: AssessmentScale, change: number): McidVerdict {
  const size = Math.abs(change);
  if (size >= scale.mcid.high) return 'reached';
  if (size >= scale.mcid.low) return 'within-range';
  return 'not-reached';
}

/** How an MCID is written: "5.7" or "4.25-7.25" (with the language's decimal mark). */
export function mcidText(scale: AssessmentScale, decimalMark: '.' | ','): string {
  const text = (n: number) => String(n).replace('.', decimalMark);
  return scale.mcid.low === scale.mcid.high ? text(scale.mcid.high) : `${text(scale.mcid.low)}–${text(scale.mcid.high)}`;
}
