import { PRIORITIES } from '../priority';
import {
  StateTransition,
  computeSlaClock,
  incidentPauses,
  incidentResolutionClockSpan,
  slaTargetMinutes,
} from './clocks';
import { ALWAYS, t } from './__testUtils__/calendars';

const at = (hhmm: string) => t(`2026-04-01T${hhmm}:00Z`);

describe('incidentPauses', () => {
  const history: StateTransition[] = [
    { at: 5, from: 'pending', to: 'in_progress' },
    { at: 1, from: 'new', to: 'assigned' },
    { at: 2, from: 'assigned', to: 'in_progress' },
    { at: 3, from: 'in_progress', to: 'pending' },
    { at: 7, from: 'in_progress', to: 'pending' },
  ];

  it('derives pending periods from the transitions, unsorted input allowed', () => {
    expect(incidentPauses(history, 10)).toEqual([
      { start: 3, end: 5 },
      { start: 7, end: null },
    ]);
  });

  it('ignores transitions after now', () => {
    expect(incidentPauses(history, 6)).toEqual([{ start: 3, end: 5 }]);
    expect(incidentPauses(history, 4)).toEqual([{ start: 3, end: null }]);
    expect(incidentPauses([], 4)).toEqual([]);
  });

  it('feeds computeSlaClock', () => {
    const startedAt = at('10:00');
    const transitions: StateTransition[] = [
      { at: at('10:10'), from: 'assigned', to: 'pending' },
      { at: at('10:30'), from: 'pending', to: 'in_progress' },
    ];
    const now = at('10:40');
    expect(
      computeSlaClock({
        calendar: ALWAYS,
        targetMinutes: 60,
        startedAt,
        pauses: incidentPauses(transitions, now),
        now,
      }),
    ).toMatchObject({ elapsedMinutes: 20, breachAt: at('11:20') });
  });
});

describe('incidentResolutionClockSpan', () => {
  const history: StateTransition[] = [
    { at: 1, from: 'new', to: 'in_progress' },
    { at: 2, from: 'in_progress', to: 'pending' },
    { at: 4, from: 'pending', to: 'in_progress' },
    { at: 6, from: 'in_progress', to: 'resolved' },
    { at: 9, from: 'resolved', to: 'in_progress' },
    { at: 12, from: 'in_progress', to: 'resolved' },
    { at: 15, from: 'resolved', to: 'closed' },
  ];

  it('stops on resolution and resumes on reopen, pausing the resolved time', () => {
    expect(incidentResolutionClockSpan(0, history, 7)).toEqual({
      startedAt: 0,
      stoppedAt: 6,
      pauses: [{ start: 2, end: 4 }],
    });
    expect(incidentResolutionClockSpan(0, history, 10)).toEqual({
      startedAt: 0,
      stoppedAt: null,
      pauses: [
        { start: 2, end: 4 },
        { start: 6, end: 9 },
      ],
    });
    expect(incidentResolutionClockSpan(0, history, 20)).toEqual({
      startedAt: 0,
      stoppedAt: 12,
      pauses: [
        { start: 2, end: 4 },
        { start: 6, end: 9 },
      ],
    });
  });

  it('handles pending at the end, resolving from pending and reopening into pending', () => {
    expect(incidentResolutionClockSpan(0, history.slice(0, 2), 3)).toEqual({
      startedAt: 0,
      stoppedAt: null,
      pauses: [{ start: 2, end: null }],
    });
    expect(
      incidentResolutionClockSpan(
        0,
        [
          { at: 2, from: 'in_progress', to: 'pending' },
          { at: 4, from: 'pending', to: 'resolved' },
          { at: 6, from: 'resolved', to: 'pending' },
          { at: 8, from: 'pending', to: 'in_progress' },
        ],
        10,
      ),
    ).toEqual({
      startedAt: 0,
      stoppedAt: null,
      pauses: [
        { start: 2, end: 4 },
        { start: 4, end: 8 },
      ],
    });
    expect(
      incidentResolutionClockSpan(
        0,
        [{ at: 3, from: 'new', to: 'cancelled' }],
        10,
      ),
    ).toEqual({
      startedAt: 0,
      stoppedAt: 3,
      pauses: [],
    });
  });
});

describe('slaTargetMinutes', () => {
  it('picks the response or resolution target of the priority', () => {
    const targets = {
      responseMinutes: { P1: 15, P2: 30, P3: 120, P4: 480 },
      resolutionMinutes: { P1: 240, P2: 480, P3: 1440, P4: 4320 },
    };
    for (const p of PRIORITIES) {
      expect(slaTargetMinutes(targets, p, 'response')).toBe(
        targets.responseMinutes[p],
      );
      expect(slaTargetMinutes(targets, p, 'resolution')).toBe(
        targets.resolutionMinutes[p],
      );
    }
  });
});
