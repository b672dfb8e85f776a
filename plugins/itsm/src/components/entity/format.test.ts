import {
  formatMinutes,
  formatPercent,
  formatWindow,
  lastDays,
  refName,
  strictestTarget,
} from './format';
import { entitySla as sla } from '../../__testUtils__/records';

describe('entity format helpers', () => {
  it('never rounds an availability up into meeting a target', () => {
    expect(formatPercent(99.9499)).toBe('99.949%');
    expect(formatPercent(99.95)).toBe('99.95%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(0.29)).toBe('0.29%');
  });

  it('formats durations', () => {
    expect(formatMinutes(null)).toBe('–');
    expect(formatMinutes(44.6)).toBe('45 min');
    expect(formatMinutes(125)).toBe('2 h 5 min');
    expect(formatMinutes(120)).toBe('2 h');
    expect(formatMinutes(3 * 1440 + 240)).toBe('3 d 4 h');
  });

  it('formats change windows', () => {
    expect(formatWindow(null, null)).toBe('Not planned');
    expect(formatWindow('2026-12-01T22:00:00.000Z', null)).toMatch(/^From /);
  });

  it('takes the name of an entity ref', () => {
    expect(refName('group:default/payments-team')).toBe('payments-team');
    expect(refName('payments-team')).toBe('payments-team');
  });

  it('covers the last 30 days up to the minute', () => {
    const period = lastDays(30, Date.UTC(2026, 10, 25, 12, 30, 45));
    expect(period).toEqual({
      from: '2026-10-26T12:30:00.000Z',
      to: '2026-11-25T12:30:00.000Z',
    });
  });

  it('holds the entity to the strictest active SLA', () => {
    expect(strictestTarget([])).toBeUndefined();
    const target = strictestTarget([sla('SLA-1', 99.5), sla('SLA-2', 99.9)]);
    expect(target?.percent).toBe(99.9);
    expect(target?.sla.key).toBe('SLA-2');
  });
});
