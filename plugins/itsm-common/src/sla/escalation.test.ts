import { clocksInDanger, decisionCoversClock } from './escalation';

const clock = (
  over: Partial<Parameters<typeof decisionCoversClock>[1]> & {
    elapsedPercent?: number;
    stopped?: boolean;
  },
) => ({
  slaKey: 'SLA-1',
  kind: 'resolution' as const,
  state: 'warning',
  elapsedPercent: 80,
  stopped: false,
  ...over,
});

describe('escalation decisions', () => {
  it('asks for a decision on running clocks breached or past the danger threshold', () => {
    const clocks = [
      clock({ kind: 'response', state: 'breached', elapsedPercent: 120 }),
      clock({ elapsedPercent: 74 }),
      clock({ slaKey: 'SLA-2', elapsedPercent: 75 }),
      clock({ slaKey: 'SLA-3', state: 'breached', stopped: true }),
    ];
    expect(clocksInDanger(clocks, 0.75).map(c => c.slaKey + c.kind)).toEqual([
      'SLA-1response',
      'SLA-2resolution',
    ]);
  });

  it('covers the targets a decision named, until one is breached after it', () => {
    const decision = {
      targets: [{ sla: 'SLA-1', clock: 'resolution', state: 'warning' }],
    };
    expect(decisionCoversClock(decision, clock({}))).toBe(true);
    expect(decisionCoversClock(decision, clock({ kind: 'response' }))).toBe(
      false,
    );
    expect(decisionCoversClock(decision, clock({ state: 'breached' }))).toBe(
      false,
    );
    expect(
      decisionCoversClock(
        { targets: [{ sla: 'SLA-1', clock: 'resolution', state: 'breached' }] },
        clock({ state: 'breached' }),
      ),
    ).toBe(true);
    expect(decisionCoversClock(undefined, clock({}))).toBe(false);
  });
});
