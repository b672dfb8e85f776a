import fc from 'fast-check';
import {
  Interval,
  MINUTE_MS,
  clipIntervals,
  instantAfterElapsed,
  intersectIntervals,
  subtractIntervals,
  toEpochMs,
  toIso,
  totalMinutes,
  totalMs,
  unionIntervals,
} from './intervals';

const RUNS = { numRuns: 200 };

/** Intervals on a small grid, including empty and reversed ones. */
const intervalArb: fc.Arbitrary<Interval> = fc
  .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }))
  .map(([start, end]) => ({ start, end }));
const listArb = fc.array(intervalArb, { maxLength: 8 });

/** Membership of each grid cell [k, k+1) — the reference model. */
function cells(list: readonly Interval[]): boolean[] {
  const out = new Array<boolean>(41).fill(false);
  for (const i of list) {
    for (let k = i.start; k < i.end; k++) out[k] = true;
  }
  return out;
}

function isNormalised(list: readonly Interval[]): boolean {
  return list.every(
    (i, k) => i.end > i.start && (k === 0 || list[k - 1].end < i.start),
  );
}

describe('unionIntervals', () => {
  it('sorts and merges overlapping and touching intervals, dropping empty ones', () => {
    expect(
      unionIntervals([
        { start: 5, end: 7 },
        { start: 1, end: 2 },
        { start: 2, end: 3 },
        { start: 6, end: 9 },
        { start: 4, end: 4 },
        { start: 12, end: 10 },
      ]),
    ).toEqual([
      { start: 1, end: 3 },
      { start: 5, end: 9 },
    ]);
  });

  it('does not modify its input', () => {
    const input = [
      { start: 3, end: 5 },
      { start: 1, end: 4 },
    ];
    unionIntervals(input);
    expect(input).toEqual([
      { start: 3, end: 5 },
      { start: 1, end: 4 },
    ]);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(listArb, list => {
        const once = unionIntervals(list);
        expect(unionIntervals(once)).toEqual(once);
      }),
      RUNS,
    );
  });

  it('does not depend on the order of its input', () => {
    fc.assert(
      fc.property(
        listArb.chain(list =>
          fc.tuple(
            fc.constant(list),
            fc.shuffledSubarray(list, { minLength: list.length }),
          ),
        ),
        ([list, permutation]) => {
          expect(unionIntervals(permutation)).toEqual(unionIntervals(list));
        },
      ),
      RUNS,
    );
  });

  it('is normalised and covers exactly the input', () => {
    fc.assert(
      fc.property(listArb, list => {
        const union = unionIntervals(list);
        expect(isNormalised(union)).toBe(true);
        expect(cells(union)).toEqual(cells(list));
      }),
      RUNS,
    );
  });
});

describe('intersectIntervals and subtractIntervals', () => {
  it('intersect as sets', () => {
    expect(
      intersectIntervals(
        [
          { start: 0, end: 10 },
          { start: 20, end: 30 },
        ],
        [
          { start: 5, end: 25 },
          { start: 28, end: 40 },
        ],
      ),
    ).toEqual([
      { start: 5, end: 10 },
      { start: 20, end: 25 },
      { start: 28, end: 30 },
    ]);
  });

  it('subtract as sets', () => {
    expect(
      subtractIntervals(
        [
          { start: 0, end: 10 },
          { start: 20, end: 30 },
        ],
        [
          { start: 2, end: 3 },
          { start: 5, end: 22 },
          { start: 29, end: 35 },
        ],
      ),
    ).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 5 },
      { start: 22, end: 29 },
    ]);
    expect(
      subtractIntervals([{ start: 0, end: 10 }], [{ start: 0, end: 10 }]),
    ).toEqual([]);
  });

  it('match the set model for any input', () => {
    fc.assert(
      fc.property(listArb, listArb, (a, b) => {
        const ca = cells(a);
        const cb = cells(b);
        const and = intersectIntervals(a, b);
        const minus = subtractIntervals(a, b);
        expect(isNormalised(and)).toBe(true);
        expect(isNormalised(minus)).toBe(true);
        expect(cells(and)).toEqual(ca.map((x, k) => x && cb[k]));
        expect(cells(minus)).toEqual(ca.map((x, k) => x && !cb[k]));
        // a = (a ∩ b) ⊎ (a − b)
        expect(totalMs(and) + totalMs(minus)).toBe(totalMs(a));
        expect(intersectIntervals(a, b)).toEqual(intersectIntervals(b, a));
      }),
      RUNS,
    );
  });
});

describe('clipIntervals and totals', () => {
  it('clips to [from, to)', () => {
    expect(
      clipIntervals(
        [
          { start: 0, end: 5 },
          { start: 8, end: 20 },
        ],
        3,
        10,
      ),
    ).toEqual([
      { start: 3, end: 5 },
      { start: 8, end: 10 },
    ]);
  });

  it('counts overlaps once', () => {
    expect(
      totalMinutes([
        { start: 0, end: 2 * MINUTE_MS },
        { start: MINUTE_MS, end: 3 * MINUTE_MS },
      ]),
    ).toBe(3);
  });

  it('clipping never adds time', () => {
    fc.assert(
      fc.property(
        listArb,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (list, from, to) => {
          const clipped = clipIntervals(list, from, to);
          expect(totalMs(clipped)).toBeLessThanOrEqual(totalMs(list));
          expect(clipped.every(i => i.start >= from && i.end <= to)).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('finds the instant at which an amount of interval time has elapsed', () => {
    const list = [
      { start: 10, end: 20 },
      { start: 30, end: 40 },
    ];
    expect(instantAfterElapsed(list, 5)).toBe(15);
    expect(instantAfterElapsed(list, 10)).toBe(20);
    expect(instantAfterElapsed(list, 11)).toBe(31);
    expect(instantAfterElapsed(list, 20)).toBe(40);
    expect(instantAfterElapsed(list, 21)).toBeNull();
  });
});

describe('ISO helpers', () => {
  it('converts ISO strings and reads strings without an offset as UTC', () => {
    expect(toEpochMs('2026-03-29T01:00:00Z')).toBe(Date.UTC(2026, 2, 29, 1));
    expect(toEpochMs('2026-03-29T03:00:00+02:00')).toBe(
      Date.UTC(2026, 2, 29, 1),
    );
    expect(toEpochMs('2026-03-29T01:00:00')).toBe(Date.UTC(2026, 2, 29, 1));
    expect(toEpochMs(42)).toBe(42);
    expect(toIso(Date.UTC(2026, 2, 29, 1))).toBe('2026-03-29T01:00:00.000Z');
    expect(() => toEpochMs('yesterday')).toThrow(RangeError);
    expect(() => toEpochMs(Number.NaN)).toThrow(RangeError);
  });
});
