/**
 * Impact and urgency levels of an incident, highest first.
 *
 * @public
 */
export const LEVELS = ['high', 'medium', 'low'] as const;

/** @public */
export type Level = (typeof LEVELS)[number];

/**
 * Incident priorities, most urgent first. Priority is always derived from
 * impact and urgency, never typed in.
 *
 * @public
 */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;

/** @public */
export type Priority = (typeof PRIORITIES)[number];

/**
 * Impact -> urgency -> priority.
 *
 * @public
 */
export type PriorityMatrix = Record<Level, Record<Level, Priority>>;

/**
 * The default matrix (impact rows, urgency columns). It is symmetric: one
 * step down in either impact or urgency costs one priority step, and low
 * impact with low urgency bottoms out at P4.
 *
 * | impact \\ urgency | high | medium | low |
 * |---|---|---|---|
 * | high   | P1 | P2 | P3 |
 * | medium | P2 | P3 | P4 |
 * | low    | P3 | P4 | P4 |
 *
 * @public
 */
export const DEFAULT_PRIORITY_MATRIX: PriorityMatrix = {
  high: { high: 'P1', medium: 'P2', low: 'P3' },
  medium: { high: 'P2', medium: 'P3', low: 'P4' },
  low: { high: 'P3', medium: 'P4', low: 'P4' },
};

/**
 * The config path the priority matrix is read from.
 *
 * @public
 */
export const PRIORITY_MATRIX_CONFIG_PATH = 'itsm.incidents.priorityMatrix';

/** @public */
export function isLevel(value: unknown): value is Level {
  return (
    typeof value === 'string' && (LEVELS as readonly string[]).includes(value)
  );
}

/** @public */
export function isPriority(value: unknown): value is Priority {
  return (
    typeof value === 'string' &&
    (PRIORITIES as readonly string[]).includes(value)
  );
}

/**
 * Derives an incident's priority from its impact and urgency.
 *
 * @public
 */
export function computePriority(
  impact: Level,
  urgency: Level,
  matrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX,
): Priority {
  return matrix[impact][urgency];
}

/**
 * Orders priorities: negative when `a` is more urgent than `b`.
 *
 * @public
 */
export function comparePriorities(a: Priority, b: Priority): number {
  return PRIORITIES.indexOf(a) - PRIORITIES.indexOf(b);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a priority matrix from config, e.g. the value of
 * `itsm.incidents.priorityMatrix`. The value may be partial: missing rows and
 * cells keep the {@link DEFAULT_PRIORITY_MATRIX} value; `undefined` or `null`
 * gives the default matrix. Throws an Error naming the offending path on
 * unknown levels or priorities.
 *
 * @param value - the config value (plain data, e.g. `config.getOptional(...)`)
 * @param path - the config path used in error messages
 * @public
 */
export function parsePriorityMatrix(
  value: unknown,
  path: string = PRIORITY_MATRIX_CONFIG_PATH,
): PriorityMatrix {
  const levels = LEVELS.join(', ');
  const priorities = PRIORITIES.join(', ');
  const result: PriorityMatrix = {
    high: { ...DEFAULT_PRIORITY_MATRIX.high },
    medium: { ...DEFAULT_PRIORITY_MATRIX.medium },
    low: { ...DEFAULT_PRIORITY_MATRIX.low },
  };
  if (value === undefined || value === null) return result;
  if (!isPlainObject(value)) {
    throw new Error(
      `${path} must be an object mapping impact to urgency to priority`,
    );
  }
  for (const [impact, row] of Object.entries(value)) {
    if (!isLevel(impact)) {
      throw new Error(
        `${path}.${impact} is not an impact level; use one of ${levels}`,
      );
    }
    if (row === undefined || row === null) continue;
    if (!isPlainObject(row)) {
      throw new Error(
        `${path}.${impact} must be an object mapping urgency to priority`,
      );
    }
    for (const [urgency, priority] of Object.entries(row)) {
      if (!isLevel(urgency)) {
        throw new Error(
          `${path}.${impact}.${urgency} is not an urgency level; use one of ${levels}`,
        );
      }
      if (priority === undefined || priority === null) continue;
      if (!isPriority(priority)) {
        throw new Error(
          `${path}.${impact}.${urgency} must be one of ${priorities}`,
        );
      }
      result[impact][urgency] = priority;
    }
  }
  return result;
}
