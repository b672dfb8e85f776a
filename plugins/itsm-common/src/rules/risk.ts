/**
 * The risk model of change management (docs/change-management.md, "Risk"):
 * points per factor, summed; the level follows from the score. Risk is
 * computed from the assessment's facts, never typed in.
 */

/** The risk level of a change: 0-2 low, 3-5 medium, 6-8 high, 9+ very high. @public */
export type RiskLevel = 'low' | 'medium' | 'high' | 'very high';

/** One factor of the risk of a change, with its points and a sentence. @public */
export interface RiskFactor {
  factor:
    | 'blastRadius'
    | 'slaCovered'
    | 'serviceHoursImpact'
    | 'serviceImpact'
    | 'history'
    | 'changeType'
    | 'conflicts'
    | 'freeze';
  points: number;
  detail: string;
}

/** The risk of a change: its level, its score and every factor. @public */
export interface ChangeRisk {
  level: RiskLevel;
  score: number;
  factors: RiskFactor[];
}

/** The facts of an assessment the risk is computed from. @public */
export interface RiskFacts {
  /** Entities affected through the catalog (transitively). */
  affectedCount: number;
  /** Active SLAs covering impacted entities. */
  slaCount: number;
  /** The window touches the service hours of a changed entity. */
  serviceHoursImpact: boolean;
  /** `none`, `degraded` or `unavailable`. */
  serviceImpact: string;
  /** Incidents caused by earlier changes to these entities in the last {@link RISK_HISTORY_DAYS} days. */
  causedIncidents: number;
  /** `standard`, `normal` or `emergency`. */
  changeType: string;
  /** Overlapping open changes. */
  conflicts: number;
  /** Freeze windows in the change window. */
  freezeWindows: number;
}

/** The levels, lowest first. @public */
export const RISK_LEVELS: readonly RiskLevel[] = Object.freeze([
  'low',
  'medium',
  'high',
  'very high',
] as RiskLevel[]);

/** How far back incidents caused by earlier changes count (days). @public */
export const RISK_HISTORY_DAYS = 90;

/** Scores at which the level steps up: 3 medium, 6 high, 9 very high. */
const LEVEL_STEPS = [3, 6, 9];
/** Affected entities at which the blast radius steps up: 1, 4, 11. */
const BLAST_RADIUS_STEPS = [1, 4, 11];

const SERVICE_IMPACT_POINTS: Record<string, number> = {
  none: 0,
  degraded: 1,
  unavailable: 2,
};
const CHANGE_TYPE_POINTS: Record<string, number> = {
  standard: 0,
  normal: 1,
  emergency: 2,
};

/** How many of the ascending steps the value reaches (0..steps.length). */
function stepPoints(value: number, steps: readonly number[]): number {
  return steps.filter(step => value >= step).length;
}

/**
 * The level of a risk score: 0-2 low, 3-5 medium, 6-8 high, 9 and more very
 * high.
 *
 * @public
 */
export function riskLevelOf(score: number): RiskLevel {
  return RISK_LEVELS[stepPoints(score, LEVEL_STEPS)];
}

/**
 * The documented risk model: points per factor, summed.
 *
 * | factor | points |
 * |---|---|
 * | blastRadius | 0 none, 1 for 1-3, 2 for 4-10, 3 for more |
 * | slaCovered | 2 when an active SLA covers an impacted entity |
 * | serviceHoursImpact | 2 when the window is in service hours and the impact is not `none` |
 * | serviceImpact | 0 none, 1 degraded, 2 unavailable |
 * | history | 1 for one caused incident, 2 for more |
 * | changeType | 0 standard, 1 normal (and unknown), 2 emergency |
 * | conflicts | 1 for any overlapping change |
 * | freeze | 2 for any freeze window |
 *
 * @public
 */
export function computeRisk(facts: RiskFacts): ChangeRisk {
  const n = facts.affectedCount;
  const impacted = facts.serviceHoursImpact && facts.serviceImpact !== 'none';
  const factors: RiskFactor[] = [
    {
      factor: 'blastRadius',
      points: stepPoints(n, BLAST_RADIUS_STEPS),
      detail: `${n} entit${n === 1 ? 'y' : 'ies'} affected through the catalog`,
    },
    {
      factor: 'slaCovered',
      points: facts.slaCount > 0 ? 2 : 0,
      detail:
        facts.slaCount > 0
          ? `${facts.slaCount} active SLA(s) cover affected entities`
          : 'no active SLA covers the affected entities',
    },
    {
      factor: 'serviceHoursImpact',
      points: impacted ? 2 : 0,
      detail: facts.serviceHoursImpact
        ? 'the window falls in the service hours of a changed entity'
        : 'the window is outside service hours',
    },
    {
      factor: 'serviceImpact',
      points: SERVICE_IMPACT_POINTS[facts.serviceImpact] ?? 0,
      detail: `service impact during the window: ${facts.serviceImpact}`,
    },
    {
      factor: 'history',
      points: Math.min(facts.causedIncidents, 2),
      detail: `${facts.causedIncidents} incident(s) caused by changes to these entities in the last ${RISK_HISTORY_DAYS} days`,
    },
    {
      factor: 'changeType',
      points: CHANGE_TYPE_POINTS[facts.changeType] ?? 1,
      detail: `${facts.changeType} change`,
    },
    {
      factor: 'conflicts',
      points: facts.conflicts > 0 ? 1 : 0,
      detail: `${facts.conflicts} overlapping change(s)`,
    },
    {
      factor: 'freeze',
      points: facts.freezeWindows > 0 ? 2 : 0,
      detail: `${facts.freezeWindows} freeze window(s) in the change window`,
    },
  ];
  const score = factors.reduce((sum, f) => sum + f.points, 0);
  return { level: riskLevelOf(score), score, factors };
}
