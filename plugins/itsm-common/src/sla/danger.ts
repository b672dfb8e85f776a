/**
 * The one threshold for "in danger" (process model, "Rules made precise"): a
 * target is in danger when this share of its budget is used. For
 * availability the budget is the downtime the target allows in the term; for
 * an SLA clock it is the target time, and the threshold is the clock's
 * warning. Every page, report and task uses this one value.
 */

/** The config key of the threshold (a fraction, e.g. 0.75). @public */
export const DANGER_THRESHOLD_CONFIG_KEY = 'itsm.sla.dangerThreshold';

/** The default threshold: 75 % of the budget used. @public */
export const DEFAULT_DANGER_THRESHOLD = 0.75;

/**
 * Checks a danger threshold: a number strictly between 0 and 1.
 *
 * @throws Error naming the config key when it is not.
 * @public
 */
export function validateDangerThreshold(value: number): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new Error(
      `${DANGER_THRESHOLD_CONFIG_KEY} must be a fraction of the budget greater than 0 and less than 1, e.g. ${DEFAULT_DANGER_THRESHOLD}; got ${value}`,
    );
  }
  return value;
}

/**
 * Reads `itsm.sla.dangerThreshold` from config (the backend's `Config` or the
 * frontend's `ConfigApi`; the key is visible to the frontend), validated, or
 * {@link DEFAULT_DANGER_THRESHOLD} when it is not set.
 *
 * @throws Error naming the key when the value is not a fraction in (0, 1).
 * @public
 */
export function readDangerThreshold(config: {
  getOptionalNumber(key: string): number | undefined;
}): number {
  const value = config.getOptionalNumber(DANGER_THRESHOLD_CONFIG_KEY);
  return value === undefined
    ? DEFAULT_DANGER_THRESHOLD
    : validateDangerThreshold(value);
}

/**
 * The warning thresholds of SLA clocks, as fractions of the target: the
 * danger threshold and the breach, `[dangerThreshold, 1]`.
 *
 * @public
 */
export function clockWarningThresholds(
  dangerThreshold: number = DEFAULT_DANGER_THRESHOLD,
): readonly number[] {
  return Object.freeze([validateDangerThreshold(dangerThreshold), 1]);
}

/**
 * Tells whether `used` has reached `threshold` of `budget`. An empty budget
 * is in danger as soon as anything is used.
 *
 * @public
 */
export function isBudgetInDanger(
  used: number,
  budget: number,
  threshold: number = DEFAULT_DANGER_THRESHOLD,
): boolean {
  if (budget <= 0) return used > 0;
  return used >= threshold * budget;
}

/**
 * The downtime an availability target allows in a period, in minutes:
 * `agreed x (100 - target) / 100`.
 *
 * @public
 */
export function downtimeBudgetMinutes(
  agreedMinutes: number,
  targetPercent: number,
): number {
  return (agreedMinutes * (100 - targetPercent)) / 100;
}

/** How a measured availability compares with its target. @public */
export type AvailabilityTargetStatus = 'met' | 'in_danger' | 'violated';

/**
 * Compares a measured availability with a target: violated below the target
 * (or with any downtime against a 100 % target); in danger when the downtime
 * has used at least `threshold` of the downtime the target allows in the
 * period; met otherwise.
 *
 * @public
 */
export function availabilityTargetStatus(
  figures: {
    availability: number;
    agreedMinutes: number;
    downtimeMinutes: number;
  },
  targetPercent: number,
  threshold: number = DEFAULT_DANGER_THRESHOLD,
): AvailabilityTargetStatus {
  if (figures.availability < targetPercent) return 'violated';
  const budget = downtimeBudgetMinutes(figures.agreedMinutes, targetPercent);
  if (budget <= 0) return figures.downtimeMinutes > 0 ? 'violated' : 'met';
  return isBudgetInDanger(figures.downtimeMinutes, budget, threshold)
    ? 'in_danger'
    : 'met';
}
