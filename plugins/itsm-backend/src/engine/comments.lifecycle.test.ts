import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AMARA,
  callerOf,
  incidentBody,
  LUKAS,
  OUTSIDER,
  SOFIA,
} from '../__testUtils__/fixtures';
import { itsmServices } from '../__testUtils__/itsmServices';
import { lifecycleBackends } from '../__testUtils__/lifecycleApi';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';

jest.setTimeout(120_000);

const amara = callerOf(AMARA); // payments-team: the incident's assignment group
const lukas = callerOf(LUKAS); // payments-team
const sofia = callerOf(SOFIA); // storefront-team: the requester
const outsider = callerOf(OUTSIDER); // reads everything (allow-all), no role

describe.each(ITSM_TEST_DATABASES)(
  'public and internal comments on %s',
  databaseId => {
    const db = useItsmTestDatabase(databaseId);
    const start = () =>
      itsmServices({ knex: db.knex, now: new Date('2026-11-24T10:00:00Z') });

    it('lists internal notes only to those who work the record, paging and counting in the query', async () => {
      const { records, sent } = start();
      const inc = await records.create('incidents', incidentBody(), sofia);
      const written: Array<{ body: string; visibility: string }> = [];
      for (let i = 0; i < 31; i++) {
        const internal = i % 4 !== 0; // most are notes: pages of notes only
        const by = i % 2 ? amara : lukas;
        const comment = await records.addComment(
          'incidents',
          inc.key,
          internal
            ? { body: `note ${i}`, visibility: 'internal' }
            : { body: `reply ${i}` },
          internal ? by : amara,
        );
        expect(comment.visibility).toBe(internal ? 'internal' : 'public');
        written.push({ body: comment.body, visibility: comment.visibility });
      }
      const everything = async (caller: typeof sofia) => {
        const bodies: string[] = [];
        const totals = new Set<number>();
        // How far each page but the last falls short of full: never.
        const fullPages: number[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await records.comments(
            'incidents',
            inc.key,
            { limit: 3, cursor },
            caller,
          );
          bodies.push(...page.items.map(c => c.body));
          totals.add(page.totalCount);
          if (page.nextCursor) fullPages.push(page.items.length - 3);
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 40);
        expect(fullPages.every(short => short === 0)).toBe(true);
        return { bodies, totals: [...totals], pages };
      };
      const replies = written.filter(c => c.visibility === 'public');
      expect(replies).toHaveLength(8);
      for (const reader of [sofia, outsider]) {
        const seen = await everything(reader);
        expect(seen.bodies).toEqual(replies.map(c => c.body));
        expect(seen.totals).toEqual([8]);
        expect(seen.pages).toBe(3);
      }
      const worker = await everything(lukas);
      expect(worker.bodies).toEqual(written.map(c => c.body));
      expect(worker.totals).toEqual([31]);
      // Comments notify nobody, internal notes least of all.
      expect(sent).toEqual([]);
    });

    it('refuses an internal note from someone who does not work the record, naming the roles that do', async () => {
      const { records } = start();
      const inc = await records.create('incidents', incidentBody(), sofia);
      for (const caller of [sofia, outsider]) {
        const refused = records.addComment(
          'incidents',
          inc.key,
          { body: 'psst', visibility: 'internal' },
          caller,
        );
        await expect(refused).rejects.toThrow(NotAllowedError);
        await expect(refused).rejects.toThrow(
          /^Only those who work INC-\d+ write internal notes on it: the .*assignee \(group:default\/payments-team\)/,
        );
      }
      // The requester replies in public.
      const reply = await records.addComment(
        'incidents',
        inc.key,
        { body: 'Still failing', visibility: 'public' },
        sofia,
      );
      expect(reply.visibility).toBe('public');
      const page = await records.comments('incidents', inc.key, {}, amara);
      expect(page.items.map(c => c.body)).toEqual(['Still failing']);
    });

    it('answers a bad visibility with 400 naming the field', async () => {
      const { records } = start();
      const inc = await records.create('incidents', incidentBody(), sofia);
      const bad = records.addComment(
        'incidents',
        inc.key,
        { body: 'x', visibility: 'private' },
        amara,
      );
      await expect(bad).rejects.toThrow(InputError);
      await expect(bad).rejects.toThrow(/^visibility: /);
    });

    it('keeps an internal note out of the history text: the entry names the comment only', async () => {
      const { records } = start();
      const inc = await records.create('incidents', incidentBody(), sofia);
      const note = await records.addComment(
        'incidents',
        inc.key,
        { body: 'root cause: expired cert', visibility: 'internal' },
        amara,
      );
      const { items } = await records.history('incidents', inc.key, sofia);
      const entry = items.find(e => e.action === 'commented');
      expect(entry).toMatchObject({ field: 'internal', to: note.id });
      expect(JSON.stringify(items)).not.toContain('expired cert');
    });

    describe('over HTTP', () => {
      const backend = lifecycleBackends(db);

      it('answers 201, 403 naming the roles, and 400 naming visibility', async () => {
        const { as, create } = await backend();
        const inc = await create('incidents', incidentBody(), SOFIA);
        const path = `/incidents/${inc.key}/comments`;
        const note = await as(AMARA).post(path, {
          body: 'Pool exhausted',
          visibility: 'internal',
        });
        expect(note.status).toBe(201);
        expect(note.body).toMatchObject({ visibility: 'internal' });
        const refused = await as(SOFIA).post(path, {
          body: 'psst',
          visibility: 'internal',
        });
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toMatch(
          /^Only those who work INC-\d+ write internal notes on it: the .*assignee \(group:default\/payments-team\)/,
        );
        const bad = await as(AMARA).post(path, {
          body: 'x',
          visibility: 'all',
        });
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toMatch(/visibility/);
        const seen = await as(SOFIA).get(path);
        expect(seen.body).toEqual({ items: [], totalCount: 0 });
        expect((await as(AMARA).get(path)).body.totalCount).toBe(1);
      });
    });
  },
);
