import {
  DEFAULT_PRIORITY_MATRIX,
  LEVELS,
  Priority,
  PriorityMatrix,
  comparePriorities,
  computePriority,
  isLevel,
  isPriority,
  parsePriorityMatrix,
} from './priority';

describe('computePriority', () => {
  it.each([
    ['high', 'high', 'P1'],
    ['high', 'medium', 'P2'],
    ['high', 'low', 'P3'],
    ['medium', 'high', 'P2'],
    ['medium', 'medium', 'P3'],
    ['medium', 'low', 'P4'],
    ['low', 'high', 'P3'],
    ['low', 'medium', 'P4'],
    ['low', 'low', 'P4'],
  ] as const)(
    'derives impact %s x urgency %s = %s by default',
    (impact, urgency, priority) => {
      expect(computePriority(impact, urgency)).toBe(priority);
      expect(DEFAULT_PRIORITY_MATRIX[impact][urgency]).toBe(priority);
    },
  );

  it('uses the matrix it is given', () => {
    const matrix: PriorityMatrix = {
      ...DEFAULT_PRIORITY_MATRIX,
      low: { high: 'P1', medium: 'P1', low: 'P1' },
    };
    expect(computePriority('low', 'low', matrix)).toBe('P1');
    expect(computePriority('high', 'high', matrix)).toBe('P1');
  });
});

describe('parsePriorityMatrix', () => {
  it('gives the default matrix when nothing is configured', () => {
    expect(parsePriorityMatrix(undefined)).toEqual(DEFAULT_PRIORITY_MATRIX);
    expect(parsePriorityMatrix(null)).toEqual(DEFAULT_PRIORITY_MATRIX);
    expect(parsePriorityMatrix({})).toEqual(DEFAULT_PRIORITY_MATRIX);
  });

  it('fills missing rows and cells from the default', () => {
    const parsed = parsePriorityMatrix({
      high: { low: 'P2' },
      low: { high: 'P2' },
    });
    expect(parsed).toEqual({
      high: { high: 'P1', medium: 'P2', low: 'P2' },
      medium: { high: 'P2', medium: 'P3', low: 'P4' },
      low: { high: 'P2', medium: 'P4', low: 'P4' },
    });
  });

  it('accepts a complete matrix and never shares state with the default', () => {
    const full = {
      high: { high: 'P4', medium: 'P4', low: 'P4' },
      medium: { high: 'P4', medium: 'P4', low: 'P4' },
      low: { high: 'P4', medium: 'P4', low: 'P4' },
    };
    const parsed = parsePriorityMatrix(full);
    expect(parsed).toEqual(full);
    parsed.medium.medium = 'P1';
    expect(DEFAULT_PRIORITY_MATRIX.medium.medium).toBe('P3');
    expect(parsePriorityMatrix(undefined).medium.medium).toBe('P3');
  });

  it.each([
    [
      { high: { low: 'P5' } },
      'itsm.incidents.priorityMatrix.high.low must be one of P1, P2, P3, P4',
    ],
    [
      { medium: { medium: 2 } },
      'itsm.incidents.priorityMatrix.medium.medium must be one of P1, P2, P3, P4',
    ],
    [
      { low: { high: 'p1' } },
      'itsm.incidents.priorityMatrix.low.high must be one of P1, P2, P3, P4',
    ],
    [
      { critical: { high: 'P1' } },
      'itsm.incidents.priorityMatrix.critical is not an impact level; use one of high, medium, low',
    ],
    [
      { high: { urgent: 'P1' } },
      'itsm.incidents.priorityMatrix.high.urgent is not an urgency level; use one of high, medium, low',
    ],
    [
      { high: 'P1' },
      'itsm.incidents.priorityMatrix.high must be an object mapping urgency to priority',
    ],
    [
      ['P1'],
      'itsm.incidents.priorityMatrix must be an object mapping impact to urgency to priority',
    ],
    [
      'P1',
      'itsm.incidents.priorityMatrix must be an object mapping impact to urgency to priority',
    ],
  ])('rejects %j naming the path', (value, message) => {
    expect(() => parsePriorityMatrix(value)).toThrow(message);
  });

  it('uses the path it is given in messages', () => {
    expect(() => parsePriorityMatrix({ low: { low: 'P0' } }, 'matrix')).toThrow(
      'matrix.low.low must be one of P1, P2, P3, P4',
    );
  });
});

describe('level and priority helpers', () => {
  it('recognises levels and priorities', () => {
    expect(LEVELS.every(isLevel)).toBe(true);
    expect(isLevel('critical')).toBe(false);
    expect(isPriority('P4')).toBe(true);
    expect(isPriority('P5')).toBe(false);
    expect(isPriority(1)).toBe(false);
  });

  it('orders priorities most urgent first', () => {
    const list: Priority[] = ['P3', 'P1', 'P4', 'P2'];
    expect(list.sort(comparePriorities)).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(comparePriorities('P1', 'P2')).toBeLessThan(0);
    expect(comparePriorities('P2', 'P2')).toBe(0);
  });
});
