import fc from 'fast-check';
import {
  SlaTermError,
  formatSlaTerm,
  isValidSlaTerm,
  lastCompleteSlaTerm,
  parseSlaTerm,
  previousSlaTerm,
  slaTermContaining,
} from './terms';

const utc = (iso: string) => Date.parse(iso);

describe('parseSlaTerm', () => {
  it('reads a month as a UTC period', () => {
    expect(parseSlaTerm('2026-10')).toEqual({
      kind: 'monthly',
      year: 2026,
      index: 10,
      label: '2026-10',
      from: utc('2026-10-01T00:00:00Z'),
      to: utc('2026-11-01T00:00:00Z'),
    });
  });

  it('reads a quarter in any case and labels it canonically', () => {
    // The backend accepted 2026-q4 and the UI refused it; both accept it now.
    for (const text of ['2026-Q4', '2026-q4', ' 2026-q4 ']) {
      expect(parseSlaTerm(text)).toEqual({
        kind: 'quarterly',
        year: 2026,
        index: 4,
        label: '2026-Q4',
        from: utc('2026-10-01T00:00:00Z'),
        to: utc('2027-01-01T00:00:00Z'),
      });
    }
    expect(isValidSlaTerm('2026-q4')).toBe(true);
  });

  it('refuses nonsense with an error naming the term', () => {
    const cases: Array<[string, RegExp]> = [
      ['2026-13', /^"2026-13" is not an SLA term: there is no month 13;/],
      ['2026-00', /there is no month 00/],
      ['2026-Q5', /^"2026-Q5" is not an SLA term: there is no quarter Q5;/],
      ['2026-q0', /there is no quarter Q0/],
      ['0000-01', /there is no year 0/],
      [
        'oct',
        /^"oct" is not an SLA term: use a month \(2026-10\) or a quarter \(2026-Q4\)$/,
      ],
      ['2026-1', /"2026-1" is not an SLA term/],
      ['', /^"" is not an SLA term/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseSlaTerm(text)).toThrow(message);
      expect(isValidSlaTerm(text)).toBe(false);
    }
    expect(() => parseSlaTerm(undefined)).toThrow(SlaTermError);
    const thrown = (() => {
      try {
        return parseSlaTerm('2026-Q5');
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(SlaTermError);
    expect(thrown).toMatchObject({ term: '2026-Q5', name: 'SlaTermError' });
  });
});

const termArb = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 1970, max: 2200 }),
      fc.integer({ min: 1, max: 12 }),
    )
    .map(([year, index]) => ({ kind: 'monthly' as const, year, index })),
  fc
    .tuple(fc.integer({ min: 1970, max: 2200 }), fc.integer({ min: 1, max: 4 }))
    .map(([year, index]) => ({ kind: 'quarterly' as const, year, index })),
);

describe('terms as periods', () => {
  it('round-trips every label, in either case', () => {
    fc.assert(
      fc.property(termArb, fc.boolean(), (term, lower) => {
        const label = formatSlaTerm(term);
        const parsed = parseSlaTerm(lower ? label.toLowerCase() : label);
        expect(parsed).toMatchObject({ ...term, label });
        expect(parsed.to).toBeGreaterThan(parsed.from);
      }),
    );
  });

  it('tiles time: each term ends where the next one starts', () => {
    fc.assert(
      fc.property(termArb, spec => {
        const term = parseSlaTerm(formatSlaTerm(spec));
        const before = previousSlaTerm(term);
        expect(before.to).toBe(term.from);
        expect(before.kind).toBe(term.kind);
        expect(slaTermContaining(term.kind, term.from)).toEqual(term);
        expect(slaTermContaining(term.kind, term.to - 1)).toEqual(term);
        expect(slaTermContaining(term.kind, term.from - 1)).toEqual(before);
      }),
    );
  });

  it('finds the last complete term before now', () => {
    const now = utc('2026-01-15T00:00:00Z');
    expect(lastCompleteSlaTerm('monthly', now).label).toBe('2025-12');
    expect(lastCompleteSlaTerm('quarterly', now).label).toBe('2025-Q4');
    const late = utc('2026-11-30T23:00:00Z');
    expect(lastCompleteSlaTerm('monthly', late).label).toBe('2026-10');
    expect(lastCompleteSlaTerm('quarterly', late).label).toBe('2026-Q3');
    // The first instant of a term already makes the one before complete.
    expect(
      lastCompleteSlaTerm('monthly', utc('2026-03-01T00:00:00Z')).label,
    ).toBe('2026-02');
  });
});
