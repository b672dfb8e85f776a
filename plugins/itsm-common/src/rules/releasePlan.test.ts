import fc from 'fast-check';
import {
  isReleaseChangePurpose,
  ReleasePlanItem,
  releaseTimeline,
} from './releasePlan';

const START = '2026-12-07T08:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) =>
  new Date(Date.parse(START) + days * DAY).toISOString();

/**
 * An independent computation: relax every start to the latest end of its
 * dependencies until nothing moves (as many rounds as there are changes).
 */
function relaxedEnd(items: readonly ReleasePlanItem[]): number {
  const start = new Map(items.map(i => [i.key, 0]));
  const dur = new Map(
    items.map(i => [i.key, Math.round(i.durationDays * DAY)]),
  );
  for (let round = 0; round < items.length; round++) {
    for (const item of items) {
      for (const dep of item.dependsOn) {
        const depEnd = start.get(dep)! + dur.get(dep)!;
        if (depEnd > start.get(item.key)!) start.set(item.key, depEnd);
      }
    }
  }
  return Math.max(0, ...items.map(i => start.get(i.key)! + dur.get(i.key)!));
}

/** Plans whose dependencies only point at earlier changes: always acyclic. */
const plans = fc
  .array(
    fc.record({
      durationDays: fc.integer({ min: 1, max: 40 }).map(n => n / 4),
      deps: fc.array(fc.nat(), { maxLength: 3 }),
    }),
    { minLength: 0, maxLength: 12 },
  )
  .map(raw =>
    raw.map(
      (r, i): ReleasePlanItem => ({
        key: `CHG-${i + 1}`,
        durationDays: r.durationDays,
        dependsOn:
          i === 0 ? [] : [...new Set(r.deps.map(d => `CHG-${(d % i) + 1}`))],
      }),
    ),
  );

describe('releaseTimeline', () => {
  it('starts independent changes at the start and chains dependencies', () => {
    const timeline = releaseTimeline(START, [
      { key: 'CHG-1', durationDays: 2, dependsOn: [] },
      { key: 'CHG-2', durationDays: 1, dependsOn: [] },
      { key: 'CHG-3', durationDays: 3, dependsOn: ['CHG-1', 'CHG-2'] },
    ]);
    expect(timeline).toEqual({
      start: START,
      end: at(5),
      items: [
        { key: 'CHG-1', start: at(0), end: at(2), critical: true },
        { key: 'CHG-2', start: at(0), end: at(1), critical: false },
        { key: 'CHG-3', start: at(2), end: at(5), critical: true },
      ],
    });
  });

  it('ends at its start when the plan is empty', () => {
    expect(releaseTimeline(START, [])).toEqual({
      start: START,
      end: START,
      items: [],
    });
  });

  it('names an unknown dependency and a cycle', () => {
    expect(() =>
      releaseTimeline(START, [
        { key: 'CHG-1', durationDays: 1, dependsOn: ['CHG-9'] },
      ]),
    ).toThrow('unknown change CHG-9');
    expect(() =>
      releaseTimeline(START, [
        { key: 'CHG-1', durationDays: 1, dependsOn: ['CHG-2'] },
        { key: 'CHG-2', durationDays: 1, dependsOn: ['CHG-1'] },
      ]),
    ).toThrow('form a cycle');
  });

  it('agrees with relaxation: no change starts before a dependency ends, and the end is the longest chain', () => {
    fc.assert(
      fc.property(plans, items => {
        const timeline = releaseTimeline(START, items);
        const placed = new Map(timeline.items.map(i => [i.key, i]));
        for (const item of items) {
          const { start } = placed.get(item.key)!;
          for (const dep of item.dependsOn) {
            expect(Date.parse(start)).toBeGreaterThanOrEqual(
              Date.parse(placed.get(dep)!.end),
            );
          }
        }
        expect(Date.parse(timeline.end) - Date.parse(START)).toBe(
          relaxedEnd(items),
        );
      }),
    );
  });

  it('marks as critical exactly the changes whose delay (by a millisecond) delays the release', () => {
    fc.assert(
      fc.property(plans, items => {
        const timeline = releaseTimeline(START, items);
        const base = relaxedEnd(items);
        items.forEach((item, i) => {
          const delayed = items.map(other =>
            other === item
              ? { ...other, durationDays: other.durationDays + 1 / DAY }
              : other,
          );
          expect(timeline.items[i].critical).toBe(relaxedEnd(delayed) > base);
        });
      }),
    );
  });
});

describe('isReleaseChangePurpose', () => {
  it('knows the three purposes', () => {
    expect(['deliver', 'finish', 'backout'].every(isReleaseChangePurpose)).toBe(
      true,
    );
    expect(isReleaseChangePurpose('rollback')).toBe(false);
  });
});
