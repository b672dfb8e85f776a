import fc from 'fast-check';
import { ITSM_RECORD_TYPES, ItsmRecordType } from '../recordTypes';
import {
  LINKABLE_TYPE_PAIRS,
  acceptsNewLinks,
  canLink,
  describeLinkableTypes,
  linkableTypes,
  orderLink,
} from './links';

const typeArb = fc.constantFrom<ItsmRecordType>(...ITSM_RECORD_TYPES);

describe('link compatibility', () => {
  it('pins which types link to which', () => {
    expect(
      Object.fromEntries(ITSM_RECORD_TYPES.map(t => [t, linkableTypes(t)])),
    ).toEqual({
      incidents: ['problems', 'changes'],
      problems: ['incidents', 'changes'],
      changes: ['incidents', 'problems', 'releases'],
      releases: ['changes'],
      slas: [],
    });
  });

  it('says it the way the API error does', () => {
    expect(describeLinkableTypes('incidents')).toBe('problems, changes');
    expect(describeLinkableTypes('changes')).toBe(
      'incidents, problems, releases',
    );
    expect(describeLinkableTypes('slas')).toBe('');
  });

  it('stores each pair with the earlier record type first', () => {
    for (const [a, b] of LINKABLE_TYPE_PAIRS) {
      expect(ITSM_RECORD_TYPES.indexOf(a)).toBeLessThan(
        ITSM_RECORD_TYPES.indexOf(b),
      );
    }
    expect(
      orderLink(
        { type: 'changes', key: 'CHG-1' },
        { type: 'incidents', key: 'INC-1' },
      ),
    ).toEqual({
      from: { type: 'incidents', key: 'INC-1' },
      to: { type: 'changes', key: 'CHG-1' },
      kind: 'incidents:changes',
    });
    expect(orderLink({ type: 'slas' }, { type: 'incidents' })).toBeUndefined();
    expect(orderLink({ type: 'incidents' }, { type: 'incidents' })).toBe(
      undefined,
    );
  });

  it('is symmetric and agrees with the type lists', () => {
    fc.assert(
      fc.property(typeArb, typeArb, (a, b) => {
        expect(canLink(a, b)).toBe(canLink(b, a));
        expect(linkableTypes(a).includes(b)).toBe(canLink(a, b));
        const ab = orderLink({ type: a, side: 'a' }, { type: b, side: 'b' });
        const ba = orderLink({ type: b, side: 'b' }, { type: a, side: 'a' });
        expect(ab).toEqual(ba);
        expect(ab !== undefined).toBe(canLink(a, b));
        expect(
          ab === undefined || ab.kind === `${ab.from.type}:${ab.to.type}`,
        ).toBe(true);
      }),
    );
  });

  it('gives a finished record no new links', () => {
    expect(acceptsNewLinks('incidents', 'resolved')).toBe(true);
    expect(acceptsNewLinks('incidents', 'closed')).toBe(false);
    expect(acceptsNewLinks('changes', 'cancelled')).toBe(false);
    expect(acceptsNewLinks('releases', 'backlog')).toBe(true);
  });
});
