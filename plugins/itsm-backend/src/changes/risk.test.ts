import {
  computeRisk,
  windowsOverlap,
} from '@backstage-itsm/plugin-itsm-common';

describe('change risk and windows', () => {
  it('touching windows do not overlap; a minute of overlap does', () => {
    expect(windowsOverlap({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(
      false,
    );
    expect(windowsOverlap({ start: 0, end: 11 }, { start: 10, end: 20 })).toBe(
      true,
    );
    expect(windowsOverlap({ start: 5, end: 6 }, { start: 0, end: 20 })).toBe(
      true,
    );
  });

  it('follows its factors', () => {
    const base = {
      affectedCount: 0,
      slaCount: 0,
      serviceHoursImpact: false,
      serviceImpact: 'none',
      causedIncidents: 0,
      changeType: 'standard',
      conflicts: 0,
      freezeWindows: 0,
    };
    expect(computeRisk(base)).toMatchObject({ score: 0, level: 'low' });
    expect(
      computeRisk({ ...base, changeType: 'emergency', affectedCount: 2 }),
    ).toMatchObject({ score: 3, level: 'medium' });
    // Service-hours impact only counts when the service is impacted at all.
    expect(computeRisk({ ...base, serviceHoursImpact: true }).score).toBe(0);
    expect(
      computeRisk({
        ...base,
        serviceHoursImpact: true,
        serviceImpact: 'unavailable',
      }).score,
    ).toBe(4);
    expect(
      computeRisk({
        ...base,
        affectedCount: 11,
        slaCount: 1,
        serviceHoursImpact: true,
        serviceImpact: 'degraded',
      }),
    ).toMatchObject({ score: 8, level: 'high' });
    // More of a factor never lowers the score.
    for (const key of [
      'affectedCount',
      'slaCount',
      'causedIncidents',
      'conflicts',
      'freezeWindows',
    ] as const) {
      let last = -1;
      for (const n of [0, 1, 2, 4, 11]) {
        const score = computeRisk({ ...base, [key]: n }).score;
        expect(score).toBeGreaterThanOrEqual(last);
        last = score;
      }
    }
  });
});
