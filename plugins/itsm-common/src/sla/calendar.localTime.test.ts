import fc from 'fast-check';
import { serviceIntervals } from './calendar';
import { EU_BUSINESS, instantArb, spanArb } from './__testUtils__/calendars';

/*
 * serviceIntervals against an independent reading of local time (Intl, not
 * luxon), on first and repeated calls: the local days it remembers per zone
 * (calendar.ts, localDay) must answer as a fresh computation does.
 */

describe('serviceIntervals', () => {
  it('agrees with the local time read by Intl at every sampled instant, on every call', () => {
    // Independent of luxon: the weekday, date and time of day in Berlin as
    // Intl formats them, against EU_BUSINESS's definition. Each range is
    // computed twice, so days remembered from earlier calls answer too.
    const local = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Berlin',
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    const serviceAt = (instant: number): boolean => {
      const parts = Object.fromEntries(
        local.formatToParts(instant).map(p => [p.type, p.value]),
      );
      const date = `${parts.year}-${parts.month}-${parts.day}`;
      const minute = Number(parts.hour) * 60 + Number(parts.minute);
      return (
        !['Sat', 'Sun'].includes(parts.weekday) &&
        !['2026-04-03', '2026-12-25'].includes(date) &&
        ((minute >= 480 && minute < 720) || (minute >= 780 && minute < 1080))
      );
    };
    fc.assert(
      fc.property(
        instantArb,
        spanArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
          minLength: 1,
          maxLength: 20,
        }),
        (from, span, fractions) => {
          const to = from + span;
          const first = serviceIntervals(EU_BUSINESS, from, to);
          expect(serviceIntervals(EU_BUSINESS, from, to)).toEqual(first);
          for (const f of fractions) {
            const at = Math.min(to - 1, from + Math.floor(f * span));
            if (at < from) continue;
            const inside = first.some(i => i.start <= at && at < i.end);
            expect(inside).toBe(serviceAt(at));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
