import fc from 'fast-check';
import {
  CAB_VOTES,
  CabOutcome,
  CabVote,
  cabTally,
} from '@backstage-itsm/plugin-itsm-common';
import {
  createRecord as create,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { CabAgendaItem, KnexCabMeetings } from './cabMeetings';
import { KnexItsmStore } from './KnexItsmStore';

jest.setTimeout(300_000);

const SERVICE = 'system:default/payments';
const NOW = '2026-12-01T09:00:00.000Z';
const member = (i: number) => `user:default/member-${i}`;
const members = (n: number) => Array.from({ length: n }, (_, i) => member(i));

/** The store's close with the two-thirds rule deciding each RFC. */
const decideByRule = (memberRefs: string[]) => (agenda: CabAgendaItem[]) => ({
  outcomes: new Map<string, CabOutcome>(
    agenda.map(item => [
      item.changeId,
      cabTally(memberRefs, item.votes).outcome,
    ]),
  ),
  minutes: {
    decisions: agenda.map(item => ({
      changeId: item.changeId,
      votes: Object.keys(item.votes).length,
    })),
  },
});

describe('CAB meetings in the store', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    const db = useItsmTestDatabase(databaseId);
    const cab = () => db.store.cab as KnexCabMeetings;

    async function meetingWith(memberRefs: string[], rfcs = 1) {
      const meeting = await cab().create({
        serviceRef: SERVICE,
        title: 'Payments CAB',
        meetingAt: '2026-12-10T10:00:00.000Z',
        submissionDeadline: '2026-12-08T17:00:00.000Z',
        members: memberRefs,
        createdBy: 'user:default/tomasz',
        now: NOW,
      });
      const changes = [];
      for (let i = 0; i < rfcs; i++) {
        const change = await create(db.store as KnexItsmStore, 'changes', {
          state: 'in_release',
        });
        await cab().putOnAgenda(meeting.id, change.id, {
          effortDays: 2 + i,
          cost: null,
        });
        changes.push(change);
      }
      return { meeting, changes };
    }

    it('numbers meetings, freezes their members and keeps the agenda in order', async () => {
      const { meeting, changes } = await meetingWith(
        [member(2), member(1), member(2)],
        2,
      );
      expect(meeting).toMatchObject({
        key: 'CAB-1',
        state: 'planned',
        members: [member(1), member(2)],
        version: 1,
      });
      // New estimates keep the RFC where it is.
      await cab().putOnAgenda(meeting.id, changes[0].id, {
        effortDays: 5,
        cost: 1200.5,
      });
      expect(await cab().agenda(meeting.id)).toEqual([
        {
          changeId: changes[0].id,
          position: 1,
          effortDays: 5,
          cost: 1200.5,
          outcome: null,
          votes: {},
        },
        {
          changeId: changes[1].id,
          position: 2,
          effortDays: 3,
          cost: null,
          outcome: null,
          votes: {},
        },
      ]);
      const second = await meetingWith([member(1)], 0);
      expect(second.meeting.key).toBe('CAB-2');
      expect(await cab().get('cab-2')).toEqual(second.meeting);
      const page = await cab().list({ serviceRef: SERVICE, limit: 1 });
      expect(page.items.map(m => m.key)).toEqual(['CAB-2']);
      const next = await cab().list({
        serviceRef: SERVICE,
        limit: 1,
        beforeSeq: page.nextBeforeSeq,
      });
      expect(next).toEqual({ items: [meeting] });
      await expect(meetingWith([], 0)).rejects.toThrow(/at least one member/);
    });

    it('takes a vote only from a member, on the agenda, before the close', async () => {
      const { meeting, changes } = await meetingWith(members(3));
      const vote = (memberRef: string, v: CabVote, changeId = changes[0].id) =>
        cab().castVote({
          meetingId: meeting.id,
          changeId,
          memberRef,
          vote: v,
          now: NOW,
        });
      expect(await vote('user:default/outsider', 'include')).toBe('not-member');
      const other = await create(db.store as KnexItsmStore, 'changes');
      expect(await vote(member(0), 'include', other.id)).toBe('not-on-agenda');
      expect(await vote(member(0), 'reject')).toBe('recorded');
      // A member may change their mind before the close: the last vote counts.
      expect(await vote(member(0), 'include')).toBe('recorded');
      expect(await vote(member(1), 'include')).toBe('recorded');
      expect((await cab().agenda(meeting.id))[0].votes).toEqual({
        [member(0)]: 'include',
        [member(1)]: 'include',
      });

      await expect(
        cab().close(meeting.id, 2, {
          nextMeetingAt: '2027-01-14T10:00:00.000Z',
          closedBy: 'user:default/tomasz',
          now: NOW,
          decide: decideByRule(meeting.members),
        }),
      ).rejects.toThrow(/was changed/);
      const closed = await cab().close(meeting.id, 1, {
        nextMeetingAt: '2027-01-14T10:00:00.000Z',
        closedBy: 'user:default/tomasz',
        now: NOW,
        decide: decideByRule(meeting.members),
      });
      expect(closed.meeting).toMatchObject({
        state: 'closed',
        nextMeetingAt: '2027-01-14T10:00:00.000Z',
        version: 2,
        minutes: { decisions: [{ changeId: changes[0].id, votes: 2 }] },
      });
      // 2 of 3 members voted include: included.
      expect(closed.agenda[0].outcome).toBe('included');
      expect(await vote(member(2), 'reject')).toBe('closed');
      await expect(
        cab().close(meeting.id, 2, {
          nextMeetingAt: '2027-01-14T10:00:00.000Z',
          closedBy: 'user:default/tomasz',
          now: NOW,
          decide: decideByRule(meeting.members),
        }),
      ).rejects.toThrow(/is closed/);
    });

    it('counts exactly the votes recorded before a concurrent close', async () => {
      const memberRefs = members(7);
      const { meeting, changes } = await meetingWith(memberRefs);
      let counted = -1;
      const [closed, ...results] = await Promise.all([
        cab().close(meeting.id, 1, {
          nextMeetingAt: '2027-01-14T10:00:00.000Z',
          closedBy: 'user:default/tomasz',
          now: NOW,
          decide: agenda => {
            counted = Object.keys(agenda[0].votes).length;
            return decideByRule(memberRefs)(agenda);
          },
        }),
        ...memberRefs.map(m =>
          cab().castVote({
            meetingId: meeting.id,
            changeId: changes[0].id,
            memberRef: m,
            vote: 'reject',
            now: NOW,
          }),
        ),
      ]);
      const recorded = results.filter(r => r === 'recorded').length;
      expect(results.every(r => r === 'recorded' || r === 'closed')).toBe(true);
      // Every vote that answered "recorded" was there when the close read them.
      expect(counted).toBe(recorded);
      expect(Object.keys(closed.agenda[0].votes)).toHaveLength(recorded);
      expect(closed.agenda[0].outcome).toBe(
        3 * recorded >= 14 ? 'rejected' : 'backlog',
      );
    });

    it('stores the outcome the two-thirds rule gives, for any membership and votes', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 3, max: 7 }).chain(n =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.option(fc.constantFrom(...CAB_VOTES)), {
                minLength: n,
                maxLength: n,
              }),
            ),
          ),
          async ([n, cast]) => {
            const memberRefs = members(n);
            const { meeting, changes } = await meetingWith(memberRefs);
            for (const [i, v] of cast.entries()) {
              if (!v) continue;
              await cab().castVote({
                meetingId: meeting.id,
                changeId: changes[0].id,
                memberRef: member(i),
                vote: v,
                now: NOW,
              });
            }
            const { agenda } = await cab().close(meeting.id, 1, {
              nextMeetingAt: '2027-01-14T10:00:00.000Z',
              closedBy: 'user:default/tomasz',
              now: NOW,
              decide: decideByRule(memberRefs),
            });
            const count = (v: CabVote) => cast.filter(c => c === v).length;
            let expected: CabOutcome = 'backlog';
            if (3 * count('include') >= 2 * n) expected = 'included';
            if (3 * count('reject') >= 2 * n) expected = 'rejected';
            expect(agenda[0].outcome).toBe(expected);
          },
        ),
        { numRuns: 25 },
      );
    });
  });
});
