// The progress report's wording in English and French, with numbers in each language's format (French: decimal comma, a space before %).
import type { AssessmentSummary, Patient, ReportLanguage } from '../../contract/api.ts';
import { assessmentScales, mcidText, type AssessmentScale } from '../../contract/assessment-scales.ts';
import { pValueShape, type VerdictKind } from '../../contract/review-verdict.ts';

/** The cases of the no-trend sentence. */
export type TrendSentence = Exclude<VerdictKind, 'rose' | 'fell' | 'unclear'>;

/** Numbers written the language's way. */
export interface NumberFormat {
  /** `digits` decimals: 1.25 / 1,25. */
  fixed(value: number, digits: number): string;
  /** A proportion as a whole percentage: 84% / 84 %. */
  percent(value: number): string;
  /** An interval of proportions: 62–97% / 62–97 %. */
  percentRange(range: readonly [number, number]): string;
  /** A p-value after "p": "= 0.003", "= 0.41", "< 0.001"; rounding never moves it across 0.05. */
  p(value: number): string;
  /** Weeks: whole weeks as integers, otherwise one decimal. */
  weeks(value: number): string;
  /** A date (UTC) as the language writes it: 2026-09-07 / 07/09/2026. */
  date(iso: string): string;
  /** A moment (UTC) with its time: 2026-11-30 12:00 UTC. */
  dateTime(iso: string): string;
}

/** A trend's figures as the verdict sentence quotes them. */
export interface TrendFigures {
  from: number;
  to: number;
  weeks: number;
  oddsRatio: number;
  ci95: readonly [number, number];
  pValue: number;
}

export interface ReportText {
  lang: ReportLanguage;
  numbers: NumberFormat;
  title(code: string): string;
  subtitle(sessions: number, first: string | null, last: string | null): string;
  patientHeading: string;
  patientFields: { code: string; birthYear: string; lesionSide: string; dominantHand: string; notes: string };
  notRecorded: string;
  lesionSide: Record<Patient['lesionSide'], string>;
  dominantHand: Record<Patient['dominantHand'], string>;
  verdictHeading: string;
  rose(f: TrendFigures): string;
  fell(f: TrendFigures): string;
  noClearChange(f: TrendFigures): string;
  /** Why there is no trend, `one-outcome` told as every trial right or every trial wrong (the progress screen's words). */
  trendProblem: Record<TrendSentence, (trials: number) => string>;
  basis(trials: number, sessions: number): string;
  chartHeading: string;
  chart: { accuracy: string; weeks: string; online: string; model: string; chance: string; trend: string; description: string };
  sessionsHeading: string;
  noSessions: string;
  columns: { session: string; date: string; week: string; runs: string; impedance: string; model: string; trials: string; online: string; chance: string; above: string };
  yes: string;
  no: string;
  none: string;
  impedanceGood(thresholdKOhm: number): string;
  impedanceOver(labels: readonly string[], thresholdKOhm: number): string;
  interrupted(count: number): string;
  assessmentsHeading: string;
  noAssessments: string;
  /** One scale's summary: first and last score with their weeks, the change and whether it reaches the MCID (never "significant"). */
  assessmentSentence(summary: AssessmentSummary): string;
  /** The scales, their ranges, the MCID with its sources, and the correction rule. */
  assessmentsNote: string;
  sessionNotesHeading: string;
  sessionLabel(index: number, date: string): string;
  methodHeading: string;
  method: string[];
  provenance(generatedAt: string, version: string, dataDir: string): string;
  page(index: number, count: number): string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function numberFormat(decimal: '.' | ',', percentSign: string, dateOf: (y: number, m: number, d: number) => string): NumberFormat {
  const fixed = (value: number, digits: number) => {
    const text = value.toFixed(digits);
    return (text === `-${(0).toFixed(digits)}` ? text.slice(1) : text).replace('.', decimal).replace('-', '\u2212');
  };
  const whole = (value: number) => String(Math.round(value * 100));
  return {
    fixed,
    percent: (value) => `${whole(value)}${percentSign}`,
    percentRange: ([low, high]) => `${whole(low)}\u2013${whole(high)}${percentSign}`,
    p: (value) => {
      const shape = pValueShape(value);
      return shape.kind === 'below' ? `< ${fixed(shape.bound, shape.digits)}` : `= ${fixed(value, shape.digits)}`;
    },
    weeks: (value) => (Math.abs(value - Math.round(value)) < 0.05 ? String(Math.round(value)) : fixed(value, 1)),
    date: (iso) => {
      const at = new Date(iso);
      return dateOf(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate());
    },
    dateTime: (iso) => {
      const at = new Date(iso);
      return `${dateOf(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`;
    },
  };
}

const enNumbers = numberFormat('.', '%', (y, m, d) => `${y}-${pad(m)}-${pad(d)}`);
const frNumbers = numberFormat(',', '\u00a0%', (y, m, d) => `${pad(d)}/${pad(m)}/${y}`);

/** A change in points with its sign: +9, \u22126, 0. */
const signed = (change: number) => (change > 0 ? `+${change}` : change < 0 ? `\u2212${-change}` : '0');
const scaleOf = (summary: AssessmentSummary): AssessmentScale => assessmentScales[summary.scale];

const enWeeks = (w: number) => `${enNumbers.weeks(w)} week${enNumbers.weeks(w) === '1' ? '' : 's'}`;
const enOdds = (f: TrendFigures) => `odds \u00d7${enNumbers.fixed(f.oddsRatio, 2)} per week, 95% CI ${enNumbers.fixed(f.ci95[0], 2)}\u2013${enNumbers.fixed(f.ci95[1], 2)}, p ${enNumbers.p(f.pValue)}`;

export const englishReport: ReportText = {
  lang: 'en',
  numbers: enNumbers,
  title: (code) => `Progress report: patient ${code}`,
  subtitle: (n, first, last) => (n === 0 ? 'Motor-imagery brain-computer interface therapy: no session recorded yet.'
    : `Motor-imagery brain-computer interface therapy: ${n} session${n === 1 ? '' : 's'}${first && last ? ` from ${first} to ${last}` : ''}.`),
  patientHeading: 'Patient',
  patientFields: { code: 'Pseudonymous code', birthYear: 'Year of birth', lesionSide: 'Side of the lesion', dominantHand: 'Dominant hand', notes: 'Notes' },
  notRecorded: 'not recorded',
  lesionSide: { left: 'left', right: 'right', bilateral: 'bilateral', none: 'none', unknown: 'not recorded' },
  dominantHand: { left: 'left', right: 'right', ambidextrous: 'ambidextrous', unknown: 'not recorded' },
  verdictHeading: 'Trend of the online accuracy',
  rose: (f) => `Online accuracy rose from ${enNumbers.percent(f.from)} to ${enNumbers.percent(f.to)} over ${enWeeks(f.weeks)} (${enOdds(f)}).`,
  fell: (f) => `Online accuracy fell from ${enNumbers.percent(f.from)} to ${enNumbers.percent(f.to)} over ${enWeeks(f.weeks)} (${enOdds(f)}).`,
  noClearChange: (f) => `No clear change in online accuracy over ${enWeeks(f.weeks)} (fitted ${enNumbers.percent(f.from)} to ${enNumbers.percent(f.to)}, ${enOdds(f)}).`,
  trendProblem: {
    'no-online-trials': () => 'No online trials yet: a trend needs online runs in at least two sessions.',
    'too-few-times': (n) => `All online trials (${n}) come from one session: a trend needs online runs in at least two sessions.`,
    'all-right': (n) => `Every online trial so far was right (${n} of ${n}): with no wrong trial, no trend can be estimated.`,
    'all-wrong': (n) => `Every online trial so far was wrong (0 of ${n} right): with no right trial, no trend can be estimated.`,
    'separated': () => 'The online results follow time perfectly (all wrong before a date and all right after it, or the reverse), so no trend can be estimated: read each session\u2019s interval instead.',
  },
  basis: (trials, sessions) => `From ${trials} decided online trial${trials === 1 ? '' : 's'} in ${sessions} session${sessions === 1 ? '' : 's'}.`,
  chartHeading: 'Accuracy over the weeks',
  chart: {
    accuracy: 'Accuracy', weeks: 'Weeks since the first session', online: 'Online accuracy (95% CI)', model: 'Model CV accuracy (95% CI)',
    chance: 'Chance level (p = 0.05)', trend: 'Fitted trend',
    description: 'Chart of the online accuracy and the chosen model\u2019s cross-validated accuracy of each session, with their 95% intervals, chance levels and the fitted trend.',
  },
  sessionsHeading: 'Sessions',
  noSessions: 'No session recorded yet.',
  columns: {
    session: '#', date: 'Date', week: 'Week', runs: 'Runs\ncal./online', impedance: 'Impedance', model: 'Model CV\n(95% CI)',
    trials: 'Right/\ndecided', online: 'Online\n(95% CI)', chance: 'Chance\nlevel', above: 'Above\nchance',
  },
  yes: 'yes',
  no: 'no',
  none: '\u2013',
  impedanceGood: (k) => `all \u2264 ${k} k\u03a9`,
  impedanceOver: (labels, k) => `${labels.length > 3 ? `${labels.length} electrodes` : labels.join(', ')} > ${k} k\u03a9`,
  interrupted: (n) => `${n} interrupted`,
  assessmentsHeading: 'Clinical assessments',
  noAssessments: 'No clinical assessment recorded yet.',
  assessmentSentence: (a) => {
    const scale = scaleOf(a);
    const head = `${scale.abbreviation} (${scale.min}\u2013${scale.max}): `;
    if (a.change === null) return `${head}${a.last.score} on ${enNumbers.date(a.last.assessedAt)}, week ${enNumbers.weeks(a.last.week)}; one session assessed, no change yet.`;
    const mcid = `the minimal clinically important difference (${mcidText(scale, '.')} points)`;
    const verdict = a.mcid === 'reached' ? `which reaches ${mcid}`
      : a.mcid === 'within-range' ? `within the range of estimates of ${mcid}: it reaches the lower estimate, not the upper one`
        : `which does not reach ${mcid}`;
    return `${head}${a.first.score} at week ${enNumbers.weeks(a.first.week)} (${enNumbers.date(a.first.assessedAt)}), ${a.last.score} at week ${enNumbers.weeks(a.last.week)} (${enNumbers.date(a.last.assessedAt)}), ${a.sessions} sessions assessed: a change of ${signed(a.change)} points, ${verdict}.`;
  },
  assessmentsNote: 'FMA-UE: the motor score of the upper extremity of the Fugl-Meyer Assessment, 0\u201366 (Fugl-Meyer et al. 1975). ARAT: the Action Research Arm Test, 0\u201357 (Lyle 1981). The change is the last session\u2019s score minus the first\u2019s. The minimal clinically important difference is the smallest change patients and therapists judge meaningful: for the FMA-UE 4.25\u20137.25 points in chronic stroke (Page et al. 2012), reached from 7.25 and within the range of estimates from 4.25; for the ARAT 5.7 points in chronic stroke (van der Lee et al. 2001); larger values were found early after stroke. It says how large a change is, not that it is statistically significant. A score entered wrongly is never edited: its correction replaces it, and only the correction is shown.',
  sessionNotesHeading: 'Session notes',
  sessionLabel: (i, date) => `Session ${i} (${date})`,
  methodHeading: 'Notes on method',
  method: [
    'Online accuracy is the share of the closed loop\u2019s decided trials that were classified right, every decided trial of the session\u2019s online runs included. Its bars are exact (Clopper-Pearson) 95% intervals: the true accuracies compatible with the count.',
    'The chance level is the accuracy that guessing between two classes exceeds only 5% of the time with that many trials (binomial; M\u00fcller-Putz et al. 2008, Combrisson & Jerbi 2015): 70% with 20 trials, 62.5% with 40, not 50%. An accuracy at or below it is no evidence of control.',
    'Model CV accuracy is the cross-validated accuracy of the model chosen for the session, estimated on its calibration trials before the online runs, with its exact 95% interval and its own chance level.',
    'The trend is a logistic regression of every decided online trial (right or wrong) on its session\u2019s week, so a session weighs by its number of trials. It gives the odds ratio per week with a Wald 95% interval and p-value: an odds ratio of 1.2 means the odds of a right trial grow by 20% a week. The accuracies quoted are the fitted ones at the first and last online sessions.',
    'Trials within a session are not independent (fatigue, electrode drift, the patient\u2019s state that day), so the trend\u2019s interval is somewhat too narrow and its p-value somewhat too small. The p-value tests a steady change in log-odds, not recovery. Read it together with the per-session intervals, which make no such assumption.',
  ],
  provenance: (at, version, dir) => `Generated ${enNumbers.dateTime(at)} by NeuroFeat ${version} from the data folder ${dir}.`,
  page: (i, n) => `Page ${i} of ${n}`,
};

const frWeeks = (w: number) => `${frNumbers.weeks(w)} semaine${Math.abs(w) < 2 ? '' : 's'}`;
const frOdds = (f: TrendFigures) => `cote \u00d7${frNumbers.fixed(f.oddsRatio, 2)} par semaine, IC\u00a095\u00a0% ${frNumbers.fixed(f.ci95[0], 2)}\u2013${frNumbers.fixed(f.ci95[1], 2)}, p ${frNumbers.p(f.pValue)}`;

export const frenchReport: ReportText = {
  lang: 'fr',
  numbers: frNumbers,
  title: (code) => `Rapport d\u2019\u00e9volution\u00a0: patient ${code}`,
  subtitle: (n, first, last) => (n === 0 ? 'Th\u00e9rapie par interface cerveau-machine en imagerie motrice\u00a0: aucune s\u00e9ance enregistr\u00e9e.'
    : `Th\u00e9rapie par interface cerveau-machine en imagerie motrice\u00a0: ${n} s\u00e9ance${n === 1 ? '' : 's'}${first && last ? ` du ${first} au ${last}` : ''}.`),
  patientHeading: 'Patient',
  patientFields: { code: 'Code pseudonyme', birthYear: 'Ann\u00e9e de naissance', lesionSide: 'C\u00f4t\u00e9 de la l\u00e9sion', dominantHand: 'Main dominante', notes: 'Notes' },
  notRecorded: 'non renseign\u00e9e',
  lesionSide: { left: 'gauche', right: 'droit', bilateral: 'bilat\u00e9ral', none: 'aucun', unknown: 'non renseign\u00e9' },
  dominantHand: { left: 'gauche', right: 'droite', ambidextrous: 'ambidextre', unknown: 'non renseign\u00e9e' },
  verdictHeading: '\u00c9volution de la pr\u00e9cision en ligne',
  rose: (f) => `La pr\u00e9cision en ligne est pass\u00e9e de ${frNumbers.percent(f.from)} \u00e0 ${frNumbers.percent(f.to)} en ${frWeeks(f.weeks)} (${frOdds(f)}).`,
  fell: (f) => `La pr\u00e9cision en ligne a baiss\u00e9 de ${frNumbers.percent(f.from)} \u00e0 ${frNumbers.percent(f.to)} en ${frWeeks(f.weeks)} (${frOdds(f)}).`,
  noClearChange: (f) => `Pas de changement net de la pr\u00e9cision en ligne sur ${frWeeks(f.weeks)} (ajust\u00e9e de ${frNumbers.percent(f.from)} \u00e0 ${frNumbers.percent(f.to)}, ${frOdds(f)}).`,
  trendProblem: {
    'no-online-trials': () => 'Pas encore d\u2019essais en ligne\u00a0: une tendance demande des passages en ligne dans au moins deux s\u00e9ances.',
    'too-few-times': (n) => `Tous les essais en ligne (${n}) viennent d\u2019une seule s\u00e9ance\u00a0: une tendance demande des passages en ligne dans au moins deux s\u00e9ances.`,
    'all-right': (n) => `Tous les essais en ligne ont \u00e9t\u00e9 r\u00e9ussis jusqu\u2019ici (${n} sur ${n})\u00a0: sans aucun \u00e9chec, aucune tendance ne peut \u00eatre estim\u00e9e.`,
    'all-wrong': (n) => `Tous les essais en ligne ont \u00e9t\u00e9 manqu\u00e9s jusqu\u2019ici (0 r\u00e9ussi sur ${n})\u00a0: sans aucune r\u00e9ussite, aucune tendance ne peut \u00eatre estim\u00e9e.`,
    'separated': () => 'Les r\u00e9sultats en ligne suivent parfaitement le temps (tous manqu\u00e9s avant une date et tous r\u00e9ussis apr\u00e8s, ou l\u2019inverse)\u00a0: aucune tendance ne peut \u00eatre estim\u00e9e, lisez plut\u00f4t l\u2019intervalle de chaque s\u00e9ance.',
  },
  basis: (trials, sessions) => `D\u2019apr\u00e8s ${trials} essai${trials < 2 ? '' : 's'} en ligne d\u00e9cid\u00e9${trials < 2 ? '' : 's'} sur ${sessions} s\u00e9ance${sessions < 2 ? '' : 's'}.`,
  chartHeading: 'Pr\u00e9cision au fil des semaines',
  chart: {
    accuracy: 'Pr\u00e9cision', weeks: 'Semaines depuis la premi\u00e8re s\u00e9ance', online: 'Pr\u00e9cision en ligne (IC\u00a095\u00a0%)', model: 'Pr\u00e9cision VC du mod\u00e8le (IC\u00a095\u00a0%)',
    chance: 'Niveau du hasard (p\u00a0=\u00a00,05)', trend: 'Tendance ajust\u00e9e',
    description: 'Graphique de la pr\u00e9cision en ligne et de la pr\u00e9cision en validation crois\u00e9e du mod\u00e8le choisi pour chaque s\u00e9ance, avec leurs intervalles \u00e0 95\u00a0%, les niveaux du hasard et la tendance ajust\u00e9e.',
  },
  sessionsHeading: 'S\u00e9ances',
  noSessions: 'Aucune s\u00e9ance enregistr\u00e9e.',
  columns: {
    session: 'N\u00b0', date: 'Date', week: 'Semaine', runs: 'Passages\ncalib./ligne', impedance: 'Imp\u00e9dance', model: 'Mod\u00e8le VC\n(IC 95\u00a0%)',
    trials: 'Justes/\nd\u00e9cid\u00e9s', online: 'En ligne\n(IC 95\u00a0%)', chance: 'Niveau\ndu hasard', above: 'Au-dessus\ndu hasard',
  },
  yes: 'oui',
  no: 'non',
  none: '\u2013',
  impedanceGood: (k) => `toutes \u2264 ${k} k\u03a9`,
  impedanceOver: (labels, k) => `${labels.length > 3 ? `${labels.length} \u00e9lectrodes` : labels.join(', ')} > ${k} k\u03a9`,
  interrupted: (n) => `${n} interrompu${n < 2 ? '' : 's'}`,
  assessmentsHeading: '\u00c9valuations cliniques',
  noAssessments: 'Aucune \u00e9valuation clinique enregistr\u00e9e.',
  assessmentSentence: (a) => {
    const scale = scaleOf(a);
    const head = `${scale.abbreviation} (${scale.min}\u2013${scale.max})\u00a0: `;
    if (a.change === null) return `${head}${a.last.score} le ${frNumbers.date(a.last.assessedAt)}, semaine ${frNumbers.weeks(a.last.week)}\u00a0; une seule s\u00e9ance \u00e9valu\u00e9e, pas encore de changement.`;
    const mcid = `la diff\u00e9rence minimale cliniquement importante (${mcidText(scale, ',')} points)`;
    const verdict = a.mcid === 'reached' ? `qui atteint ${mcid}`
      : a.mcid === 'within-range' ? `dans l\u2019intervalle des estimations de ${mcid}\u00a0: il atteint l\u2019estimation basse, pas la haute`
        : `qui n\u2019atteint pas ${mcid}`;
    return `${head}${a.first.score} en semaine ${frNumbers.weeks(a.first.week)} (${frNumbers.date(a.first.assessedAt)}), ${a.last.score} en semaine ${frNumbers.weeks(a.last.week)} (${frNumbers.date(a.last.assessedAt)}), ${a.sessions} s\u00e9ances \u00e9valu\u00e9es\u00a0: un changement de ${signed(a.change)} points, ${verdict}.`;
  },
  assessmentsNote: 'FMA-UE\u00a0: le score moteur du membre sup\u00e9rieur de l\u2019\u00e9valuation de Fugl-Meyer, 0\u201366 (Fugl-Meyer et al. 1975). ARAT\u00a0: l\u2019Action Research Arm Test, 0\u201357 (Lyle 1981). Le changement est le score de la derni\u00e8re s\u00e9ance moins celui de la premi\u00e8re. La diff\u00e9rence minimale cliniquement importante est le plus petit changement que patients et th\u00e9rapeutes jugent notable\u00a0: pour la FMA-UE 4,25\u20137,25 points dans l\u2019AVC chronique (Page et al. 2012), atteinte \u00e0 partir de 7,25 et dans l\u2019intervalle des estimations \u00e0 partir de 4,25\u00a0; pour l\u2019ARAT 5,7 points dans l\u2019AVC chronique (van der Lee et al. 2001)\u00a0; des valeurs plus grandes ont \u00e9t\u00e9 trouv\u00e9es peu apr\u00e8s l\u2019AVC. Elle dit l\u2019ampleur d\u2019un changement, pas qu\u2019il est statistiquement significatif. Un score saisi par erreur n\u2019est jamais modifi\u00e9\u00a0: sa correction le remplace, et seule la correction est montr\u00e9e.',
  sessionNotesHeading: 'Notes des s\u00e9ances',
  sessionLabel: (i, date) => `S\u00e9ance ${i} (${date})`,
  methodHeading: 'Notes de m\u00e9thode',
  method: [
    'La pr\u00e9cision en ligne est la part des essais d\u00e9cid\u00e9s de la boucle ferm\u00e9e qui ont \u00e9t\u00e9 class\u00e9s juste, tous les essais d\u00e9cid\u00e9s des passages en ligne de la s\u00e9ance compris. Ses barres sont des intervalles exacts (Clopper-Pearson) \u00e0 95\u00a0%\u00a0: les pr\u00e9cisions vraies compatibles avec le d\u00e9compte.',
    'Le niveau du hasard est la pr\u00e9cision que le hasard entre deux classes ne d\u00e9passe que 5\u00a0% du temps avec ce nombre d\u2019essais (binomiale\u00a0; M\u00fcller-Putz et al. 2008, Combrisson & Jerbi 2015)\u00a0: 70\u00a0% avec 20 essais, 62,5\u00a0% avec 40, et non 50\u00a0%. Une pr\u00e9cision \u00e9gale ou inf\u00e9rieure ne prouve aucun contr\u00f4le.',
    'La pr\u00e9cision VC du mod\u00e8le est la pr\u00e9cision en validation crois\u00e9e du mod\u00e8le choisi pour la s\u00e9ance, estim\u00e9e sur ses essais de calibration avant les passages en ligne, avec son intervalle exact \u00e0 95\u00a0% et son propre niveau du hasard.',
    'L\u2019\u00e9volution est une r\u00e9gression logistique de chaque essai en ligne d\u00e9cid\u00e9 (juste ou faux) sur la semaine de sa s\u00e9ance\u00a0: une s\u00e9ance p\u00e8se selon son nombre d\u2019essais. Elle donne le rapport de cotes par semaine avec un intervalle de Wald \u00e0 95\u00a0% et une valeur p\u00a0: un rapport de 1,2 signifie que la cote d\u2019un essai juste cro\u00eet de 20\u00a0% par semaine. Les pr\u00e9cisions cit\u00e9es sont les valeurs ajust\u00e9es aux premi\u00e8re et derni\u00e8re s\u00e9ances en ligne.',
    'Les essais d\u2019une m\u00eame s\u00e9ance ne sont pas ind\u00e9pendants (fatigue, d\u00e9rive des \u00e9lectrodes, \u00e9tat du patient ce jour-l\u00e0)\u00a0: l\u2019intervalle de l\u2019\u00e9volution est un peu trop \u00e9troit et sa valeur p un peu trop petite. La valeur p teste un changement r\u00e9gulier des log-cotes, pas une r\u00e9cup\u00e9ration. \u00c0 lire avec les intervalles de chaque s\u00e9ance, qui ne supposent rien de tel.',
  ],
  provenance: (at, version, dir) => `G\u00e9n\u00e9r\u00e9 le ${frNumbers.dateTime(at)} par NeuroFeat ${version} \u00e0 partir du dossier de donn\u00e9es ${dir}.`,
  page: (i, n) => `Page ${i} sur ${n}`,
};

export function reportText(lang: ReportLanguage): ReportText {
  return lang === 'fr' ? frenchReport : englishReport;
}
