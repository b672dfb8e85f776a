import fc from 'fast-check';
import { computeAvailability } from './availability';
import { inputArb, intervalArb } from './__testUtils__/arbitraries';

const RUNS = { numRuns: 200 };

describe('computeAvailability properties', () => {
  it('keeps availability within [0, 100] and the figures consistent', () => {
    fc.assert(
      fc.property(inputArb, input => {
        const r = computeAvailability(input);
        expect(r.availability).toBeGreaterThanOrEqual(0);
        expect(r.availability).toBeLessThanOrEqual(100);
        expect(r.downtimeMinutes).toBeLessThanOrEqual(r.agreedMinutes);
        expect(r.excusedMinutes).toBeLessThanOrEqual(r.maintenanceMinutes);
        expect(r.maintenanceMinutes).toBeLessThanOrEqual(r.agreedMinutes);
        expect(r.downtimeMinutes + r.degradedMinutes).toBeLessThanOrEqual(
          r.agreedMinutes + 1e-9,
        );
        // Without outages there is no downtime and no MTTR; with them MTBSI = MTBF + MTTR.
        const none = r.outages === 0;
        expect(none ? r.downtimeMinutes : 0).toBe(0);
        expect(none ? r.mttrMinutes : null).toBeNull();
        const gap = none
          ? 0
          : (r.mtbsiMinutes as number) -
            ((r.mtbfMinutes as number) + (r.mttrMinutes as number));
        expect(gap).toBeCloseTo(0, 9);
      }),
      RUNS,
    );
  });

  it('never lowers availability by excluding approved change windows', () => {
    fc.assert(
      fc.property(inputArb, input => {
        const withWindows = computeAvailability(input);
        const without = computeAvailability({ ...input, maintenance: [] });
        expect(withWindows.availability).toBeGreaterThanOrEqual(
          without.availability - 1e-9,
        );
        expect(withWindows.downtimeMinutes).toBeLessThanOrEqual(
          without.downtimeMinutes,
        );
        expect(withWindows.outages).toBeLessThanOrEqual(without.outages);
      }),
      RUNS,
    );
  });

  it('never lowers availability for outages inside change windows or for degraded outages', () => {
    fc.assert(
      fc.property(inputArb, intervalArb, (input, extra) => {
        const base = computeAvailability(input);
        const maintenance = [...(input.maintenance ?? []), extra];
        const withWindow = computeAvailability({ ...input, maintenance });
        const withOutageInWindow = computeAvailability({
          ...input,
          maintenance,
          outages: [
            ...input.outages,
            { kind: 'down', start: extra.start, end: extra.end },
          ],
        });
        // Costs exactly nothing once the window is approved ...
        expect(withOutageInWindow.availability).toBe(withWindow.availability);
        expect(withOutageInWindow.downtimeMinutes).toBe(
          withWindow.downtimeMinutes,
        );
        // ... and approving the window never made it worse.
        expect(withWindow.availability).toBeGreaterThanOrEqual(
          base.availability,
        );
        const withDegraded = computeAvailability({
          ...input,
          outages: [
            ...input.outages,
            { kind: 'degraded', start: extra.start, end: extra.end },
          ],
        });
        expect(withDegraded.availability).toBe(base.availability);
      }),
      RUNS,
    );
  });

  it('does not depend on the order of outages', () => {
    fc.assert(
      fc.property(
        inputArb.chain(input =>
          fc.tuple(
            fc.constant(input),
            fc.shuffledSubarray([...input.outages], {
              minLength: input.outages.length,
            }),
          ),
        ),
        ([input, shuffled]) => {
          const a = computeAvailability(input);
          const b = computeAvailability({ ...input, outages: shuffled });
          expect(b).toEqual(a);
        },
      ),
      RUNS,
    );
  });
});
