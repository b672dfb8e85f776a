import { nextSlaVersionData, slaVersionAt, slaVersions } from './versions';

const terms = {
  customerGroup: 'group:default/storefront',
  serviceOwnerGroup: 'group:default/payments',
  targets: { availabilityPercent: 99.9 },
  calendar: 'office',
  term: 'monthly',
};
const refs = ['component:default/payments-api'];

describe('SLA versions', () => {
  it('reads an SLA never changed as its one version, defaults filled in', () => {
    expect(
      slaVersions({
        entityRefs: refs,
        data: { ...terms, calendar: undefined },
      }),
    ).toEqual([
      {
        ...terms,
        calendar: '24x7',
        escalateDegraded: false,
        entityRefs: refs,
        version: 1,
        validFrom: null,
        validTo: null,
      },
    ]);
  });

  it('appends the version in force when a change makes the next one', () => {
    const v1 = { entityRefs: refs, data: terms };
    const change = nextSlaVersionData(v1, '2026-10-20T00:00:00.000Z');
    expect(change.slaVersion).toBe(2);
    const after = {
      entityRefs: [...refs, 'component:default/checkout-web'],
      data: { ...terms, calendar: '24x7', ...change },
    };
    const versions = slaVersions(after);
    expect(
      versions.map(v => [v.version, v.calendar, v.validFrom, v.validTo]),
    ).toEqual([
      [1, 'office', null, '2026-10-20T00:00:00.000Z'],
      [2, '24x7', '2026-10-20T00:00:00.000Z', null],
    ]);
    expect(versions[0].entityRefs).toEqual(refs);
    // Before, at and after the change.
    const at = (iso: string) => slaVersionAt(versions, Date.parse(iso)).version;
    expect(at('2020-01-01T00:00:00Z')).toBe(1);
    expect(at('2026-10-19T23:59:59.999Z')).toBe(1);
    expect(at('2026-10-20T00:00:00.000Z')).toBe(2);
    expect(at('2030-01-01T00:00:00Z')).toBe(2);
  });

  it('reads the target history of earlier SLAs as versions that differ in targets', () => {
    const versions = slaVersions({
      entityRefs: refs,
      data: {
        ...terms,
        targetHistory: [
          {
            targets: { availabilityPercent: 99 },
            validFrom: '2026-09-01T00:00:00.000Z',
            validTo: '2026-10-01T00:00:00.000Z',
          },
        ],
        targetsValidFrom: '2026-10-01T00:00:00.000Z',
      },
    });
    expect(
      versions.map(v => [v.version, v.targets, v.validFrom, v.validTo]),
    ).toEqual([
      [1, { availabilityPercent: 99 }, null, '2026-10-01T00:00:00.000Z'],
      [2, { availabilityPercent: 99.9 }, '2026-10-01T00:00:00.000Z', null],
    ]);
  });
});
