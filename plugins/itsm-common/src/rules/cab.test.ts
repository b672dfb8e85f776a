import fc from 'fast-check';
import {
  CAB_VOTES,
  CabVote,
  cabTally,
  cabTwoThirds,
  needsCabVote,
} from './cab';

const members = (n: number) =>
  Array.from({ length: n }, (_, i) => `user:default/m${i}`);

/** Votes for the first members: `include` x i, then `reject` x r, then `defer` x d. */
function votes(
  n: number,
  include: number,
  reject: number,
  defer = 0,
): Map<string, CabVote> {
  const list: CabVote[] = [
    ...Array<CabVote>(include).fill('include'),
    ...Array<CabVote>(reject).fill('reject'),
    ...Array<CabVote>(defer).fill('defer'),
  ];
  return new Map(members(n).flatMap((m, i) => (list[i] ? [[m, list[i]]] : [])));
}

describe('cabTwoThirds', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [5, 4],
    [6, 4],
    [7, 5],
    [9, 6],
  ])('needs %i members -> %i votes', (n, needed) => {
    expect(cabTwoThirds(n)).toBe(needed);
  });

  it('refuses a CAB without members', () => {
    expect(() => cabTwoThirds(0)).toThrow(RangeError);
    expect(() => cabTwoThirds(2.5)).toThrow(RangeError);
  });
});

describe('cabTally', () => {
  // The edges of the rule for 3 to 7 members: exactly two thirds, one less.
  it.each([
    // members, include, reject, defer, outcome
    [3, 2, 0, 0, 'included'],
    [3, 1, 0, 0, 'backlog'],
    [3, 0, 2, 1, 'rejected'],
    [3, 1, 1, 1, 'backlog'],
    [4, 3, 0, 0, 'included'],
    [4, 2, 0, 2, 'backlog'],
    [4, 0, 3, 0, 'rejected'],
    [4, 2, 2, 0, 'backlog'],
    [5, 4, 0, 0, 'included'],
    [5, 3, 0, 0, 'backlog'],
    [5, 3, 1, 1, 'backlog'],
    [5, 0, 4, 1, 'rejected'],
    [6, 4, 0, 0, 'included'],
    [6, 3, 3, 0, 'backlog'],
    [6, 1, 4, 1, 'rejected'],
    [7, 5, 0, 0, 'included'],
    [7, 4, 0, 3, 'backlog'],
    [7, 0, 5, 0, 'rejected'],
    [7, 0, 4, 0, 'backlog'],
  ] as const)(
    '%i members, %i include, %i reject, %i defer: %s',
    (n, include, reject, defer, outcome) => {
      expect(cabTally(members(n), votes(n, include, reject, defer))).toEqual(
        expect.objectContaining({
          members: n,
          include,
          reject,
          defer,
          abstain: n - include - reject - defer,
          outcome,
        }),
      );
    },
  );

  it('counts over the whole membership, not over the votes cast', () => {
    // Two of two votes cast are "include", but 5 members: 2 < 4.
    expect(cabTally(members(5), votes(5, 2, 0)).outcome).toBe('backlog');
  });

  it("ignores non-members' votes and counts each member once", () => {
    const result = cabTally(
      [...members(3), 'user:default/m0'],
      new Map<string, CabVote>([
        ['user:default/m0', 'include'],
        ['user:default/outsider', 'include'],
        ['user:default/other', 'include'],
      ]),
    );
    expect(result).toMatchObject({ members: 3, include: 1, abstain: 2 });
    expect(result.outcome).toBe('backlog');
  });

  it('takes a plain object of votes too', () => {
    expect(
      cabTally(members(3), {
        'user:default/m0': 'reject',
        'user:default/m1': 'reject',
      }).outcome,
    ).toBe('rejected');
  });

  it('agrees with the rational two-thirds rule for any membership and votes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain(n =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.option(fc.constantFrom(...CAB_VOTES)), {
              minLength: n,
              maxLength: n,
            }),
          ),
        ),
        ([n, cast]) => {
          const ballot = new Map<string, CabVote>();
          members(n).forEach((m, i) => {
            const vote = cast[i];
            if (vote) ballot.set(m, vote);
          });
          const count = (v: CabVote) => cast.filter(c => c === v).length;
          // Independently: k of n is at least two thirds when 3k >= 2n.
          let expected = 'backlog';
          if (3 * count('include') >= 2 * n) expected = 'included';
          if (3 * count('reject') >= 2 * n) expected = 'rejected';
          const tally = cabTally(members(n), ballot);
          expect(tally.outcome).toBe(expected);
          expect(
            tally.include + tally.reject + tally.defer + tally.abstain,
          ).toBe(n);
          // Never both ways at once.
          expect(
            3 * count('reject') >= 2 * n && 3 * count('include') >= 2 * n,
          ).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('needsCabVote', () => {
  it('spares an RFC that fixes a problem without changing functionality', () => {
    expect(needsCabVote({ linkedTypes: ['problems'] })).toBe(false);
    expect(
      needsCabVote({
        linkedTypes: ['releases', 'problems'],
        functionalChange: false,
      }),
    ).toBe(false);
  });

  it('puts every other RFC to the vote', () => {
    expect(
      needsCabVote({ linkedTypes: ['problems'], functionalChange: true }),
    ).toBe(true);
    expect(needsCabVote({ linkedTypes: [] })).toBe(true);
    expect(needsCabVote({ linkedTypes: ['incidents', 'releases'] })).toBe(true);
  });
});
