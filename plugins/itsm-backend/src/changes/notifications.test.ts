import { TestDatabases } from '@backstage/backend-test-utils';
import { callerOf, itsmServices } from '../__testUtils__/itsmServices';
import { changeBody } from '../__testUtils__/itsmTestBackend';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('notifications', () => {
  it('asks each required approver when a change enters approval, and tells the requester the outcome', async () => {
    const knex = await databases.init('SQLITE_3');
    const { records, approvals, sent } = await itsmServices({
      knex,
      now: new Date('2026-11-24T10:00:00Z'),
    });
    const ines = callerOf('user:default/ines');
    const change = await records.create('changes', changeBody(), ines);
    let version = change.version;
    for (const to of ['review', 'planning', 'approval']) {
      version = (
        await records.transition('changes', change.key, { to, version }, ines)
      ).version;
    }
    expect(sent).toEqual([
      expect.objectContaining({
        recipients: ['group:default/payments-team'],
        title: `Approval requested: ${change.key} Upgrade payments-db`,
        link: `/itsm/changes/${change.key}`,
      }),
    ]);
    await approvals.decideApproval(
      change.key,
      { decision: 'reject', reason: 'not during month end' },
      callerOf('user:default/amara'),
    );
    expect(sent.at(-1)).toMatchObject({
      recipients: ['user:default/ines'],
      title: `${change.key} is now rejected`,
      description: 'not during month end',
    });
  });
});
