import fc from 'fast-check';
import { dayBlocks, freezeScopeText, freezeShades } from './calendarModel';

const DAY = Date.UTC(2026, 11, 7); // Monday 7 Dec 2026, 00:00 UTC
const at = (hours: number) => new Date(DAY + hours * 3_600_000).toISOString();

describe('the change calendar model', () => {
  it('says a freeze scope in words and shades scoped freezes only when filtered', () => {
    expect(freezeScopeText({ kind: 'all' })).toBe('everything');
    expect(
      freezeScopeText({ kind: 'system', entityRef: 'system:default/payments' }),
    ).toBe('system payments');
    expect(
      freezeScopeText({
        kind: 'entity',
        entityRef: 'component:default/checkout-web',
      }),
    ).toBe('checkout-web');
    expect(freezeShades({ kind: 'all' }, false)).toBe(true);
    expect(freezeShades({ kind: 'system' }, false)).toBe(false);
    expect(freezeShades({ kind: 'system' }, true)).toBe(true);
  });

  it('places a change by its hours within the day, clipped to the day', () => {
    const blocks = dayBlocks(
      [
        { key: 'a', plannedStart: at(9), plannedEnd: at(11) },
        { key: 'b', plannedStart: at(-2), plannedEnd: at(1) },
        { key: 'c', plannedStart: at(23), plannedEnd: at(26) },
        { key: 'other day', plannedStart: at(30), plannedEnd: at(31) },
      ],
      DAY,
    );
    expect(
      blocks.map(b => [b.item.key, b.top, b.height, b.lane, b.lanes]),
    ).toEqual([
      ['b', 0, 60, 0, 1],
      ['a', 540, 120, 0, 1],
      ['c', 1380, 60, 0, 1],
    ]);
  });

  it('never puts two overlapping changes in one lane', () => {
    const change = fc
      .tuple(
        fc.integer({ min: -300, max: 1800 }),
        fc.integer({ min: 1, max: 900 }),
      )
      .map(([start, minutes]) => ({
        plannedStart: new Date(DAY + start * 60_000).toISOString(),
        plannedEnd: new Date(DAY + (start + minutes) * 60_000).toISOString(),
      }));
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), items => {
        const blocks = dayBlocks(items, DAY);
        for (const b of blocks) {
          expect(b.top).toBeGreaterThanOrEqual(0);
          expect(b.top + b.height).toBeLessThanOrEqual(24 * 60 + 15);
          expect(b.lane).toBeLessThan(b.lanes);
        }
        const clashes = blocks.flatMap(x =>
          blocks.filter(
            y =>
              x !== y &&
              x.top < y.top + y.height &&
              y.top < x.top + x.height &&
              (x.lane === y.lane || x.lanes !== y.lanes),
          ),
        );
        expect(clashes).toEqual([]);
      }),
    );
  });
});
