import fc from 'fast-check';
import { PRIORITIES } from '../priority';
import { slaTargetsSchema } from '../schemas';
import { slaTargetProblems } from './slaTargets';

const SENSIBLE = {
  responseMinutes: { P1: 15, P2: 30, P3: 240, P4: 480 },
  resolutionMinutes: { P1: 240, P2: 480, P3: 2880, P4: 7200 },
};

describe('slaTargetProblems', () => {
  it('accepts targets that get slower with the priority', () => {
    expect(slaTargetProblems(SENSIBLE)).toEqual([]);
    // Equal targets are fine.
    const flat = { P1: 60, P2: 60, P3: 60, P4: 60 };
    expect(
      slaTargetProblems({ responseMinutes: flat, resolutionMinutes: flat }),
    ).toEqual([]);
  });

  it('names a P1 target slower than P4, and a resolution faster than its response', () => {
    expect(
      slaTargetProblems({
        responseMinutes: { P1: 500, P2: 30, P3: 240, P4: 480 },
        resolutionMinutes: { P1: 240, P2: 480, P3: 2880, P4: 7200 },
      }),
    ).toEqual([
      {
        path: ['responseMinutes', 'P1'],
        message:
          'the response target of P1 (500 min) is slower than that of P2 (30 min): a more urgent priority needs a target at least as fast',
      },
      {
        path: ['resolutionMinutes', 'P1'],
        message:
          'the resolution target of P1 (240 min) is shorter than its response target (500 min)',
      },
    ]);
  });

  it('finds a problem exactly when some pair of targets is out of order', () => {
    const minutes = fc.tuple(
      ...PRIORITIES.map(() => fc.integer({ min: 1, max: 10_000 })),
    );
    fc.assert(
      fc.property(minutes, minutes, (res, sol) => {
        const of = (values: number[]) =>
          Object.fromEntries(PRIORITIES.map((p, i) => [p, values[i]]));
        const sorted = (v: number[]) =>
          v.every((x, i) => i === 0 || v[i - 1] <= x);
        const sensible =
          sorted(res) && sorted(sol) && res.every((r, i) => r <= sol[i]);
        const problems = slaTargetProblems({
          responseMinutes: of(res),
          resolutionMinutes: of(sol),
        });
        expect(problems.length === 0).toBe(sensible);
      }),
    );
  });

  it('is part of the schema, with the field in the path', () => {
    const parsed = slaTargetsSchema.safeParse({
      availabilityPercent: 99.9,
      responseMinutes: { P1: 30, P2: 30, P3: 30, P4: 10 },
      resolutionMinutes: SENSIBLE.resolutionMinutes,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(['responseMinutes', 'P1']);
  });
});
