import fc from 'fast-check';
import { changeWindowOf, windowsOverlap } from './windows';

const windowArb = fc
  .tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 100 }))
  .map(([start, length]) => ({ start, end: start + length }));

describe('windowsOverlap', () => {
  it('lets windows that only touch pass', () => {
    expect(windowsOverlap({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(
      false,
    );
    expect(windowsOverlap({ start: 0, end: 11 }, { start: 10, end: 20 })).toBe(
      true,
    );
    expect(windowsOverlap({ start: 0, end: 30 }, { start: 10, end: 20 })).toBe(
      true,
    );
  });

  it('is symmetric and agrees with sharing an instant', () => {
    fc.assert(
      fc.property(windowArb, windowArb, (a, b) => {
        expect(windowsOverlap(a, b)).toBe(windowsOverlap(b, a));
        const shared = Math.max(a.start, b.start) < Math.min(a.end, b.end);
        expect(windowsOverlap(a, b)).toBe(shared);
      }),
    );
  });
});

describe('changeWindowOf', () => {
  it('reads the planned window of a change', () => {
    expect(
      changeWindowOf({
        plannedStart: '2026-12-02T10:00:00Z',
        plannedEnd: '2026-12-02T12:00:00Z',
      }),
    ).toEqual({
      start: Date.parse('2026-12-02T10:00:00Z'),
      end: Date.parse('2026-12-02T12:00:00Z'),
    });
  });

  it('has none until both ends are planned', () => {
    expect(changeWindowOf({})).toBeUndefined();
    expect(
      changeWindowOf({
        plannedStart: '2026-12-02T10:00:00Z',
        plannedEnd: null,
      }),
    ).toBeUndefined();
    expect(
      changeWindowOf({ plannedStart: 'soon', plannedEnd: 'later' }),
    ).toBeUndefined();
  });
});
