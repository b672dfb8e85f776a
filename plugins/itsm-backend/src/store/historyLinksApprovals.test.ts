import { InputError } from '@backstage/errors';
import { randomUUID as uuid } from 'node:crypto';
import { keysOf, T0, T1, T2 } from '../__testUtils__/fixtures';
import {
  createRecord as create,
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';

jest.setTimeout(120_000);

describe('KnexItsmStore', () => {
  describe.each(ITSM_TEST_DATABASES)('on %s', databaseId => {
    const db = useItsmTestDatabase(databaseId);

    it('keeps history oldest first with JSON values intact', async () => {
      const { store } = db;
      const record = await create(store, 'incidents');
      const values: unknown[] = [
        null,
        'text',
        42,
        -1.25,
        true,
        [1, 'a', null, [2]],
        { a: { b: [1, { c: null }] }, s: 'ünï "q"' },
        '',
        0,
      ];
      await store.transaction(tx =>
        tx.appendHistory(record.id, [
          {
            at: T0,
            actor: 'user:default/alice',
            action: 'created',
            field: null,
            from: null,
            to: null,
          },
        ]),
      );
      await store.transaction(tx =>
        tx.appendHistory(
          record.id,
          values.map((value, i) => ({
            at: T1,
            actor: 'user:default/bob',
            action: 'updated',
            field: `field${i}`,
            from: value,
            to: values[values.length - 1 - i],
          })),
        ),
      );
      const history = await store.listHistory(record.id);
      expect(history).toHaveLength(values.length + 1);
      expect(history[0]).toEqual({
        id: expect.any(Number),
        recordId: record.id,
        at: T0,
        actor: 'user:default/alice',
        action: 'created',
        field: null,
        from: null,
        to: null,
      });
      history.slice(1).forEach((entry, i) => {
        expect(entry).toEqual({
          id: expect.any(Number),
          recordId: record.id,
          at: T1,
          actor: 'user:default/bob',
          action: 'updated',
          field: `field${i}`,
          from: values[i],
          to: values[values.length - 1 - i],
        });
      });
      const ids = history.map(h => h.id);
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
      await expect(store.listHistory(uuid())).resolves.toEqual([]);
      await expect(store.listHistory('nope')).resolves.toEqual([]);
    });

    const pub = (author: string, body: string) => ({
      author,
      body,
      visibility: 'public' as const,
    });

    it('paginates comments oldest first', async () => {
      const { store } = db;
      const record = await create(store, 'incidents');
      const other = await create(store, 'incidents');
      const created = [];
      for (let i = 0; i < 5; i++) {
        created.push(
          await store.transaction(tx =>
            tx.addComment(
              record.id,
              pub('user:default/alice', `comment ${i}`),
              T1,
            ),
          ),
        );
      }
      await store.transaction(tx =>
        tx.addComment(other.id, pub('user:default/bob', 'elsewhere'), T1),
      );
      expect(created[0]).toEqual({
        id: expect.any(Number),
        recordId: record.id,
        author: 'user:default/alice',
        body: 'comment 0',
        createdAt: T1,
        visibility: 'public',
      });

      const page1 = await store.listComments(record.id, {
        limit: 2,
        internal: false,
      });
      expect(page1.items.map(c => c.body)).toEqual(['comment 0', 'comment 1']);
      expect(page1.totalCount).toBe(5);
      const page2 = await store.listComments(record.id, {
        limit: 2,
        internal: false,
        cursor: page1.nextCursor,
      });
      expect(page2.items.map(c => c.body)).toEqual(['comment 2', 'comment 3']);
      const page3 = await store.listComments(record.id, {
        limit: 2,
        internal: false,
        cursor: page2.nextCursor,
      });
      expect(page3.items).toEqual([created[4]]);
      expect(page3.nextCursor).toBeUndefined();
      expect(page3.totalCount).toBe(5);

      // A cursor of another record's comments, or garbage, is rejected.
      await expect(
        store.listComments(other.id, {
          limit: 2,
          internal: true,
          cursor: page1.nextCursor,
        }),
      ).rejects.toThrow(InputError);
      await expect(
        store.listComments(record.id, {
          limit: 2,
          internal: true,
          cursor: 'garbage!',
        }),
      ).rejects.toThrow(InputError);
    });

    it('links records idempotently, visible from both ends', async () => {
      const { store } = db;
      const incident = await create(store, 'incidents');
      const problem = await create(store, 'problems');
      const change = await create(store, 'changes');
      const link = {
        fromId: incident.id,
        toId: problem.id,
        kind: 'problem',
        createdBy: 'user:default/alice',
        createdAt: T1,
      };
      await store.transaction(tx => tx.addLink(link));
      await store.transaction(tx =>
        tx.addLink({ ...link, createdBy: 'user:default/bob', createdAt: T2 }),
      );
      const toChange = {
        fromId: problem.id,
        toId: change.id,
        kind: 'change',
        createdBy: 'user:default/bob',
        createdAt: T2,
      };
      await store.transaction(tx => tx.addLink(toChange));

      await expect(store.listLinks(incident.id)).resolves.toEqual([link]);
      await expect(store.listLinks(problem.id)).resolves.toEqual([
        link,
        toChange,
      ]);
      await expect(
        store.transaction(tx => tx.listLinks(change.id)),
      ).resolves.toEqual([toChange]);

      await store.transaction(tx =>
        tx.removeLink(incident.id, problem.id, 'problem'),
      );
      await expect(store.listLinks(incident.id)).resolves.toEqual([]);
      await expect(store.listLinks(problem.id)).resolves.toEqual([toChange]);
    });

    it('records approvals oldest first and supersedes a round', async () => {
      const { store } = db;
      const change = await create(store, 'changes');
      const other = await create(store, 'changes');
      const first = await store.transaction(tx =>
        tx.addApproval({
          recordId: change.id,
          approverRef: 'group:default/customers',
          decision: 'reject',
          reason: 'Insufficient analysis',
          decidedBy: 'user:default/alice',
          decidedAt: T0,
          superseded: false,
        }),
      );
      expect(first).toEqual({
        id: expect.any(Number),
        recordId: change.id,
        approverRef: 'group:default/customers',
        decision: 'reject',
        reason: 'Insufficient analysis',
        decidedBy: 'user:default/alice',
        decidedAt: T0,
        superseded: false,
      });
      await store.transaction(tx =>
        tx.addApproval({
          recordId: other.id,
          approverRef: 'group:default/owners',
          decision: 'approve',
          reason: null,
          decidedBy: 'user:default/bob',
          decidedAt: T0,
          superseded: false,
        }),
      );
      await store.transaction(tx => tx.supersedeApprovals(change.id));
      const second = await store.transaction(tx =>
        tx.addApproval({
          recordId: change.id,
          approverRef: 'group:default/customers',
          decision: 'approve',
          reason: null,
          decidedBy: 'user:default/alice',
          decidedAt: T1,
          superseded: false,
        }),
      );

      await expect(store.listApprovals(change.id)).resolves.toEqual([
        { ...first, superseded: true },
        second,
      ]);
      await expect(
        store.transaction(tx => tx.listApprovals(other.id)),
      ).resolves.toMatchObject([{ superseded: false, decision: 'approve' }]);
    });

    it('reads records by ids and by state age', async () => {
      const { store } = db;
      const a = await create(store, 'incidents', {
        state: 'resolved',
        now: T0,
      });
      const b = await create(store, 'incidents', {
        state: 'resolved',
        now: T1,
      });
      const c = await create(store, 'incidents', { state: 'new', now: T0 });
      await create(store, 'problems', { state: 'resolved', now: T0 });

      await expect(
        store.getRecordsByIds([c.id, uuid(), a.id, 'junk', c.id]),
      ).resolves.toEqual([c, a]);
      await expect(store.getRecordsByIds([])).resolves.toEqual([]);
      await expect(
        store.transaction(tx => tx.getRecordsByIds([b.id])),
      ).resolves.toEqual([b]);

      expect(
        keysOf(
          await store.listRecordsInStateSince('incidents', 'resolved', T1, {
            limit: 500,
          }),
        ),
      ).toEqual(['INC-1']);
      expect(
        keysOf(
          await store.listRecordsInStateSince('incidents', 'resolved', T2, {
            limit: 500,
          }),
        ),
      ).toEqual(['INC-1', 'INC-2']);
      // A page at a time, oldest key first.
      const first = await store.listRecordsInStateSince(
        'incidents',
        'resolved',
        T2,
        { limit: 1 },
      );
      expect(keysOf(first)).toEqual(['INC-1']);
      expect(
        keysOf(
          await store.listRecordsInStateSince('incidents', 'resolved', T2, {
            limit: 1,
            afterSeq: first[0].seq,
          }),
        ),
      ).toEqual(['INC-2']);

      // A state change resets the clock.
      await store.transaction(tx =>
        tx.updateRecord(a.id, 1, {
          state: 'in_progress',
          updatedBy: 'user:default/bob',
          now: T1,
        }),
      );
      await store.transaction(tx =>
        tx.updateRecord(a.id, 2, {
          state: 'resolved',
          updatedBy: 'user:default/bob',
          now: T2,
        }),
      );
      expect(
        keysOf(
          await store.listRecordsInStateSince('incidents', 'resolved', T2, {
            limit: 500,
          }),
        ),
      ).toEqual(['INC-2']);
    });
  });
});
