import { ConfigReader } from '@backstage/config';
import { readItsmConfig } from './config';

const read = (itsm: object) => readItsmConfig(new ConfigReader({ itsm }));

describe('readItsmConfig: the one in-danger threshold', () => {
  it('defaults to the process model: 75 %, clocks warn at 75 % and 100 %', () => {
    const config = read({});
    expect(config.dangerThreshold).toBe(0.75);
    expect(config.slaThresholds).toEqual([0.75, 1]);
  });

  it('derives the clock warnings from itsm.sla.dangerThreshold', () => {
    const config = read({ sla: { dangerThreshold: 0.6 } });
    expect(config.dangerThreshold).toBe(0.6);
    expect(config.slaThresholds).toEqual([0.6, 1]);
  });

  it('refuses a threshold outside (0, 1), naming the key', () => {
    expect(() => read({ sla: { dangerThreshold: 1.2 } })).toThrow(
      /itsm\.sla\.dangerThreshold/,
    );
  });

  it('refuses the retired itsm.sla.warningThresholds instead of ignoring it', () => {
    expect(() => read({ sla: { warningThresholds: [0.5, 1] } })).toThrow(
      /itsm\.sla\.warningThresholds is no longer read.*itsm\.sla\.dangerThreshold/,
    );
  });
});
