import {
  AMARA,
  callerOf,
  changeBody,
  INES,
  PAYMENTS,
} from '../__testUtils__/fixtures';
import { itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';

jest.setTimeout(60_000);

describe.each(ITSM_TEST_DATABASES)('notifications on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  it('asks each required approver when a change enters approval, and tells the requester the outcome', async () => {
    const { records, approvals, sent } = itsmServices({
      knex: db.knex,
      now: new Date('2026-11-24T10:00:00Z'),
    });
    const ines = callerOf(INES);
    const change = await records.create('changes', changeBody(), ines);
    let version = change.version;
    // Ines requests it; Amara's team owns payments-db, its change coordinator.
    for (const to of ['review', 'planning', 'approval']) {
      const by = to === 'review' ? ines : callerOf(AMARA);
      version = (
        await records.transition('changes', change.key, { to, version }, by)
      ).version;
    }
    expect(sent).toEqual([
      expect.objectContaining({
        recipients: [PAYMENTS],
        title: `Approval requested: ${change.key} Upgrade payments-db`,
        link: `/itsm/changes/${change.key}`,
      }),
    ]);
    await approvals.decideApproval(
      change.key,
      { decision: 'reject', reason: 'not during month end' },
      callerOf(AMARA),
    );
    expect(sent.at(-1)).toMatchObject({
      recipients: [INES],
      title: `${change.key} is now rejected`,
      description: 'not during month end',
    });
  });
});
