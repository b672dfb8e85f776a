import {
  OutagePeriod,
  computeAvailability,
  outagePeriodFromRecord,
} from './availability';
import { Interval, MINUTE_MS } from './intervals';
import {
  ALWAYS,
  APRIL,
  EU_BUSINESS,
  berlin,
  t,
} from './__testUtils__/calendars';

describe('computeAvailability', () => {
  it('gives 99.9 % for one 43.2-minute outage in a 30-day 24x7 month', () => {
    const start = t('2026-04-10T12:00:00Z');
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        {
          kind: 'down',
          start,
          end: start + 43.2 * MINUTE_MS,
          incidentKey: 'INC-1',
        },
      ],
    });
    expect(result.agreedMinutes).toBe(30 * 1440);
    expect(result.downtimeMinutes).toBeCloseTo(43.2, 10);
    expect(result.availability).toBeCloseTo(99.9, 10);
    expect(result.outages).toBe(1);
    expect(result.mttrMinutes).toBeCloseTo(43.2, 10);
    expect(result.incidentKeys).toEqual(['INC-1']);
  });

  it('gives 100 % without outages and when there is no agreed time', () => {
    expect(
      computeAvailability({ calendar: ALWAYS, ...APRIL, outages: [] }),
    ).toMatchObject({
      availability: 100,
      outages: 0,
      mttrMinutes: null,
      mtbfMinutes: null,
      mtbsiMinutes: null,
    });
    // A weekend in a Mon-Fri calendar.
    const weekend = computeAvailability({
      calendar: EU_BUSINESS,
      from: berlin('2026-06-06T00:00'),
      to: berlin('2026-06-08T00:00'),
      outages: [
        {
          kind: 'down',
          start: berlin('2026-06-06T10:00'),
          end: berlin('2026-06-07T10:00'),
        },
      ],
    });
    expect(weekend).toMatchObject({
      agreedMinutes: 0,
      downtimeMinutes: 0,
      availability: 100,
      outages: 0,
    });
  });

  it('does not lower availability for degraded outages but reports them', () => {
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        {
          kind: 'degraded',
          start: t('2026-04-02T10:00:00Z'),
          end: t('2026-04-02T11:00:00Z'),
        },
        // Down from 10:30 to 10:45: those 15 minutes count as down, not degraded.
        {
          kind: 'down',
          start: t('2026-04-02T10:30:00Z'),
          end: t('2026-04-02T10:45:00Z'),
        },
      ],
    });
    expect(result.degradedMinutes).toBe(45);
    expect(result.downtimeMinutes).toBe(15);
    const degradedOnly = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        {
          kind: 'degraded',
          start: t('2026-04-02T10:00:00Z'),
          end: t('2026-04-02T11:00:00Z'),
        },
      ],
    });
    expect(degradedOnly).toMatchObject({
      availability: 100,
      degradedMinutes: 60,
      downtimeMinutes: 0,
      outages: 0,
    });
  });

  it('lets an outage inside an approved change window cost nothing', () => {
    const window: Interval = {
      start: t('2026-04-04T22:00:00Z'),
      end: t('2026-04-05T02:00:00Z'),
    };
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        {
          kind: 'down',
          start: t('2026-04-04T23:00:00Z'),
          end: t('2026-04-05T00:30:00Z'),
          incidentKey: 'INC-2',
        },
      ],
      maintenance: [window],
    });
    expect(result).toMatchObject({
      availability: 100,
      downtimeMinutes: 0,
      excusedMinutes: 90,
      maintenanceMinutes: 240,
      agreedMinutes: 30 * 1440,
      outages: 0,
      incidentKeys: [],
    });
  });

  it('does not change availability for a change window in which the service ran', () => {
    const start = t('2026-04-10T12:00:00Z');
    const outages: OutagePeriod[] = [
      { kind: 'down', start, end: start + 43.2 * MINUTE_MS },
    ];
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages,
      maintenance: [
        { start: t('2026-04-20T00:00:00Z'), end: t('2026-04-30T00:00:00Z') },
      ],
    });
    expect(result.agreedMinutes).toBe(30 * 1440);
    expect(result.maintenanceMinutes).toBe(10 * 1440);
    expect(result.availability).toBeCloseTo(99.9, 10);
  });

  it('counts only the part of an outage outside the change window', () => {
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        {
          kind: 'down',
          start: t('2026-04-05T01:00:00Z'),
          end: t('2026-04-05T03:00:00Z'),
        },
      ],
      maintenance: [
        { start: t('2026-04-04T22:00:00Z'), end: t('2026-04-05T02:00:00Z') },
      ],
    });
    expect(result).toMatchObject({
      downtimeMinutes: 60,
      excusedMinutes: 60,
      outages: 1,
      mttrMinutes: 60,
    });
    expect(result.availability).toBeCloseTo(((43200 - 60) / 43200) * 100, 10);
  });

  it('counts only the part of an outage inside service hours', () => {
    // Monday 1 June 17:30 to 18:30 Berlin: 30 minutes of service time.
    const result = computeAvailability({
      calendar: EU_BUSINESS,
      from: berlin('2026-06-01T00:00'),
      to: berlin('2026-06-02T00:00'),
      outages: [
        {
          kind: 'down',
          start: berlin('2026-06-01T17:30'),
          end: berlin('2026-06-01T18:30'),
        },
      ],
    });
    expect(result).toMatchObject({
      agreedMinutes: 540,
      downtimeMinutes: 30,
      outages: 1,
    });
    expect(result.availability).toBeCloseTo((510 / 540) * 100, 10);
    expect(result.downIntervals).toEqual([
      { start: berlin('2026-06-01T17:30'), end: berlin('2026-06-01T18:00') },
    ]);
  });

  it('counts an outage over the night once', () => {
    const result = computeAvailability({
      calendar: EU_BUSINESS,
      from: berlin('2026-06-01T00:00'),
      to: berlin('2026-06-08T00:00'),
      outages: [
        {
          kind: 'down',
          start: berlin('2026-06-01T17:00'),
          end: berlin('2026-06-02T09:30'),
        },
        // Overlaps the first one: still the same down period.
        {
          kind: 'down',
          start: berlin('2026-06-02T09:00'),
          end: berlin('2026-06-02T10:00'),
        },
        // Outside service hours only: no outage.
        {
          kind: 'down',
          start: berlin('2026-06-03T19:00'),
          end: berlin('2026-06-03T21:00'),
        },
      ],
    });
    expect(result).toMatchObject({
      downtimeMinutes: 60 + 120,
      outages: 1,
      mttrMinutes: 180,
    });
  });

  it('computes MTTR, MTBF and MTBSI', () => {
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        {
          kind: 'down',
          start: t('2026-04-02T10:00:00Z'),
          end: t('2026-04-02T11:00:00Z'),
          incidentKey: 'INC-2',
        },
        {
          kind: 'down',
          start: t('2026-04-20T10:00:00Z'),
          end: t('2026-04-20T10:30:00Z'),
          incidentKey: 'INC-1',
        },
      ],
    });
    expect(result).toMatchObject({
      outages: 2,
      downtimeMinutes: 90,
      mttrMinutes: 45,
      mtbfMinutes: (43200 - 90) / 2,
      mtbsiMinutes: 43200 / 2,
      incidentKeys: ['INC-1', 'INC-2'],
    });
  });

  it('takes open outages until the end of the period and clips outages to it', () => {
    const result = computeAvailability({
      calendar: ALWAYS,
      ...APRIL,
      outages: [
        { kind: 'down', start: t('2026-04-30T23:00:00Z'), end: null },
        {
          kind: 'down',
          start: t('2026-03-31T23:00:00Z'),
          end: t('2026-04-01T00:10:00Z'),
        },
      ],
    });
    expect(result).toMatchObject({ downtimeMinutes: 70, outages: 2 });
  });
});

describe('outagePeriodFromRecord', () => {
  it('converts ISO instants', () => {
    expect(
      outagePeriodFromRecord(
        { kind: 'down', start: '2026-04-02T10:00:00Z', end: null },
        'INC-7',
      ),
    ).toEqual({
      kind: 'down',
      start: t('2026-04-02T10:00:00Z'),
      end: null,
      incidentKey: 'INC-7',
    });
    expect(
      outagePeriodFromRecord({
        kind: 'degraded',
        start: '2026-04-02T10:00:00Z',
        end: '2026-04-02T11:00:00+02:00',
      }),
    ).toEqual({
      kind: 'degraded',
      start: t('2026-04-02T10:00:00Z'),
      end: t('2026-04-02T09:00:00Z'),
    });
  });
});
