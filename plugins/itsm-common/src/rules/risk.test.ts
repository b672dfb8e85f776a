import fc from 'fast-check';
import { RISK_LEVELS, RiskFacts, computeRisk, riskLevelOf } from './risk';

const base: RiskFacts = {
  affectedCount: 0,
  slaCount: 0,
  serviceHoursImpact: false,
  serviceImpact: 'none',
  causedIncidents: 0,
  changeType: 'standard',
  conflicts: 0,
  freezeWindows: 0,
};

const points = (facts: Partial<RiskFacts>) =>
  Object.fromEntries(
    computeRisk({ ...base, ...facts }).factors.map(f => [f.factor, f.points]),
  );

const factsArb: fc.Arbitrary<RiskFacts> = fc.record({
  affectedCount: fc.nat({ max: 40 }),
  slaCount: fc.nat({ max: 5 }),
  serviceHoursImpact: fc.boolean(),
  serviceImpact: fc.constantFrom('none', 'degraded', 'unavailable'),
  causedIncidents: fc.nat({ max: 5 }),
  changeType: fc.constantFrom('standard', 'normal', 'emergency'),
  conflicts: fc.nat({ max: 5 }),
  freezeWindows: fc.nat({ max: 3 }),
});

describe('the risk table', () => {
  it('gives each level its band of scores', () => {
    expect([0, 2, 3, 5, 6, 8, 9, 17].map(riskLevelOf)).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'very high',
      'very high',
    ]);
    expect(RISK_LEVELS).toEqual(['low', 'medium', 'high', 'very high']);
  });

  it('scores the blast radius in steps at 1, 4 and 11 entities', () => {
    expect(
      [0, 1, 3, 4, 10, 11, 50].map(
        n => points({ affectedCount: n }).blastRadius,
      ),
    ).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });

  it('scores the other factors as documented', () => {
    expect(points({ slaCount: 3 }).slaCovered).toBe(2);
    expect(points({ serviceImpact: 'degraded' }).serviceImpact).toBe(1);
    expect(points({ serviceImpact: 'unavailable' }).serviceImpact).toBe(2);
    expect(points({ causedIncidents: 1 }).history).toBe(1);
    expect(points({ causedIncidents: 7 }).history).toBe(2);
    expect(points({ changeType: 'normal' }).changeType).toBe(1);
    expect(points({ changeType: 'emergency' }).changeType).toBe(2);
    expect(points({ changeType: 'whatever' }).changeType).toBe(1);
    expect(points({ conflicts: 4 }).conflicts).toBe(1);
    expect(points({ freezeWindows: 1 }).freeze).toBe(2);
  });

  it('counts service hours only when the service is impacted at all', () => {
    expect(points({ serviceHoursImpact: true }).serviceHoursImpact).toBe(0);
    expect(
      points({ serviceHoursImpact: true, serviceImpact: 'degraded' })
        .serviceHoursImpact,
    ).toBe(2);
  });

  it('explains every factor in a sentence', () => {
    const risk = computeRisk({
      ...base,
      affectedCount: 1,
      causedIncidents: 2,
      changeType: 'emergency',
    });
    expect(risk.factors.map(f => f.detail)).toEqual([
      '1 entity affected through the catalog',
      'no active SLA covers the affected entities',
      'the window is outside service hours',
      'service impact during the window: none',
      '2 incident(s) caused by changes to these entities in the last 90 days',
      'emergency change',
      '0 overlapping change(s)',
      '0 freeze window(s) in the change window',
    ]);
    expect(risk).toMatchObject({ score: 5, level: 'medium' });
  });

  it('sums the factors, and more of a fact never lowers the score', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.constantFrom<keyof RiskFacts>(
          'affectedCount',
          'slaCount',
          'causedIncidents',
          'conflicts',
          'freezeWindows',
        ),
        (facts, key) => {
          const risk = computeRisk(facts);
          expect(risk.score).toBe(
            risk.factors.reduce((sum, f) => sum + f.points, 0),
          );
          expect(risk.level).toBe(riskLevelOf(risk.score));
          const more = computeRisk({
            ...facts,
            [key]: (facts[key] as number) + 1,
          });
          expect(more.score).toBeGreaterThanOrEqual(risk.score);
          expect(RISK_LEVELS.indexOf(more.level)).toBeGreaterThanOrEqual(
            RISK_LEVELS.indexOf(risk.level),
          );
        },
      ),
    );
  });
});
