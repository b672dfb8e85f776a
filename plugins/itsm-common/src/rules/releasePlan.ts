/**
 * Why a change of a release's plan exists (process model, "Release",
 * coordination): `deliver` is the change of one change coordinator that
 * implements the release's requirements; after a partial failure the release
 * adds changes to `finish` the delivery or to `backout` the release.
 *
 * @public
 */
export const RELEASE_CHANGE_PURPOSES = [
  'deliver',
  'finish',
  'backout',
] as const;

/** @public */
export type ReleaseChangePurpose = (typeof RELEASE_CHANGE_PURPOSES)[number];

/** @public */
export function isReleaseChangePurpose(
  value: unknown,
): value is ReleaseChangePurpose {
  return (RELEASE_CHANGE_PURPOSES as readonly unknown[]).includes(value);
}

/**
 * Purposes a release may add only after a partial failure: one of its
 * changes closed without success.
 *
 * @public
 */
export const AFTER_FAILURE_PURPOSES: readonly ReleaseChangePurpose[] = [
  'finish',
  'backout',
];

/**
 * The shortest duration a change of a release plan may have, in days
 * (about a quarter of an hour).
 *
 * @public
 */
export const MIN_RELEASE_CHANGE_DAYS = 0.01;

/**
 * The longest duration a change of a release plan may have, in days.
 *
 * @public
 */
export const MAX_RELEASE_CHANGE_DAYS = 365;

/**
 * One change of a release plan, as the timeline needs it.
 *
 * @public
 */
export interface ReleasePlanItem {
  key: string;
  /** How long the change takes, in days (more than 0). */
  durationDays: number;
  /** Keys of the changes of the same plan that must end before it starts. */
  dependsOn: readonly string[];
}

/**
 * A change of the plan placed on the timeline.
 *
 * @public
 */
export interface ReleaseTimelineItem {
  key: string;
  /** ISO instants: the earliest start (all its dependencies ended) and its end. */
  start: string;
  end: string;
  /** Whether a delay of this change delays the end of the release. */
  critical: boolean;
}

/** @public */
export interface ReleaseTimeline {
  start: string;
  /** When the last change ends (the start when the plan is empty). */
  end: string;
  items: ReleaseTimelineItem[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Whole milliseconds, so that sums and differences compare exactly. */
const durationMs = (item: ReleasePlanItem) =>
  Math.round(item.durationDays * DAY_MS);

/**
 * The timeline of a release plan: each change starts when the plan starts
 * or when the last of its dependencies ends, whichever is later, and ends
 * its duration after that. Changes on the critical path (no slack before
 * the end of the release) are marked. Items come back in the order given.
 *
 * @throws Error naming the change when a dependency is unknown or the
 *   dependencies form a cycle (the server refuses both before storing).
 * @public
 */
export function releaseTimeline(
  startAt: string,
  items: readonly ReleasePlanItem[],
): ReleaseTimeline {
  const start = Date.parse(startAt);
  const byKey = new Map(items.map(i => [i.key, i]));
  const ends = new Map<string, number>();
  const starts = new Map<string, number>();
  const visiting = new Set<string>();
  const endOf = (key: string): number => {
    const known = ends.get(key);
    if (known !== undefined) return known;
    const item = byKey.get(key);
    if (!item) throw new Error(`unknown change ${key} in the release plan`);
    if (visiting.has(key)) {
      throw new Error(`the dependencies of ${key} form a cycle`);
    }
    visiting.add(key);
    const begin = Math.max(start, ...item.dependsOn.map(endOf));
    visiting.delete(key);
    starts.set(key, begin);
    ends.set(key, begin + durationMs(item));
    return ends.get(key)!;
  };
  const end = Math.max(start, ...items.map(i => endOf(i.key)));
  // Latest finish without delaying the end: walk dependents backwards.
  const latest = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const item of items) {
    for (const dep of item.dependsOn) {
      dependents.set(dep, [...(dependents.get(dep) ?? []), item.key]);
    }
  }
  const latestEnd = (key: string): number => {
    const known = latest.get(key);
    if (known !== undefined) return known;
    const next = dependents.get(key) ?? [];
    const value = Math.min(
      end,
      ...next.map(k => latestEnd(k) - durationMs(byKey.get(k)!)),
    );
    latest.set(key, value);
    return value;
  };
  return {
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    items: items.map(i => ({
      key: i.key,
      start: new Date(starts.get(i.key)!).toISOString(),
      end: new Date(ends.get(i.key)!).toISOString(),
      critical: latestEnd(i.key) === ends.get(i.key),
    })),
  };
}
