import {
  checkAccessibility,
  choose,
  expect,
  itsmApi,
  openAs,
} from '../lib.mjs';

// The service desk (examples/demo-catalog.yaml): Sam Rivera takes the call
// of Jonas Berg (Customer Success, no role on the shop) and registers the
// incident on his behalf, for the Service Desk to work on. Jonas is its
// requester; Sam is who registered it. Sam writes an internal note and a
// public reply; Jonas, signed in, reads the reply only, and may not write an
// internal note himself. (A member of Storefront, which owns checkout-web,
// would work the record and read the note.)
const AGENT = { user: 'sam.rivera', name: 'Sam Rivera' };
const CALLER = { user: 'jonas.berg', name: 'Jonas Berg' };
const ENTITY = 'component:default/checkout-web';

export default {
  name: 'the service desk registers an incident on behalf of a caller, writes an internal note and a public reply; the caller reads the reply only',
  async run({ page, appUrl, backendUrl, screenshot }) {
    const stamp = Date.now().toString(36);
    const title = `Card form rejects a valid card (${stamp})`;
    const note = `Suspect the fraud-scoring threshold (${stamp})`;
    const reply = `We are looking into it and will call you back (${stamp})`;

    await openAs(
      page,
      appUrl,
      AGENT.name,
      `/itsm/incidents/new?entityRef=${ENTITY}`,
    );
    await page.getByLabel('Title').first().fill(title);
    await choose(page, 'Impact', 'Medium');
    await choose(page, 'Urgency', 'High');
    const caller = page.getByRole('combobox', {
      name: /^Caller \(on behalf of\)/,
    });
    await caller.fill(`user:default/${CALLER.user}`);
    await caller.press('Escape');
    const group = page.getByRole('combobox', { name: /^Assignment group/ });
    await group.fill('group:default/service-desk');
    await group.press('Escape');
    await screenshot('agent-new-incident-form');
    await checkAccessibility(page, 'the new incident form with a caller');
    await page.getByRole('button', { name: /^Create incident/ }).click();

    const heading = page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: title });
    await heading.waitFor();
    const key = /^(INC-\d+)/.exec(await heading.innerText())?.[1];
    expect(key, 'the detail page shows the new incident key');
    await page
      .getByText(/on behalf of/)
      .first()
      .waitFor();

    const created = await itsmApi(
      backendUrl,
      AGENT.user,
      'GET',
      `/incidents/${key}`,
    );
    expect(
      created.body.createdBy === `user:default/${CALLER.user}` &&
        created.body.registeredBy === `user:default/${AGENT.user}`,
      `${key}: requester and registeredBy: ${JSON.stringify(created.body)}`,
    );

    // An internal note, then a public reply.
    await page.getByRole('radio', { name: 'Internal note' }).check();
    await page
      .getByRole('textbox', { name: 'Internal note (Markdown)' })
      .fill(note);
    await page.getByRole('button', { name: 'Add internal note' }).click();
    await page.getByText(note).waitFor();
    await page
      .getByRole('radio', { name: 'Reply to requester (public)' })
      .check();
    await page.getByRole('textbox', { name: 'Comment (Markdown)' }).fill(reply);
    await page.getByRole('button', { name: 'Add comment' }).click();
    await page.getByText(reply).waitFor();
    await page
      .getByText('Internal note · not shown to the requester')
      .first()
      .waitFor();
    await page.getByText('Comments (2)').waitFor();
    await screenshot('agent-comments');
    await checkAccessibility(page, 'an incident with an internal note');

    // The caller reads the public reply only, and is offered no note.
    await openAs(page, appUrl, CALLER.name, `/itsm/incidents/${key}`);
    await page.getByText(reply).waitFor();
    await page.getByText('Comments (1)').waitFor();
    expect(
      (await page.getByText(note).count()) === 0,
      'the caller must not see the internal note',
    );
    expect(
      (await page.getByRole('radio', { name: 'Internal note' }).count()) === 0,
      'the caller is not offered an internal note',
    );
    await page
      .getByText(/Internal notes are written by those who work/)
      .waitFor();
    await screenshot('caller-comments');
    await checkAccessibility(page, 'an incident as its caller');

    const listed = await itsmApi(
      backendUrl,
      CALLER.user,
      'GET',
      `/incidents/${key}/comments`,
    );
    expect(
      listed.status === 200 &&
        listed.body.totalCount === 1 &&
        listed.body.items.every(c => c.visibility === 'public'),
      `the caller's comment list: ${JSON.stringify(listed.body)}`,
    );
    const refused = await itsmApi(
      backendUrl,
      CALLER.user,
      'POST',
      `/incidents/${key}/comments`,
      { body: 'psst', visibility: 'internal' },
    );
    expect(
      refused.status === 403 && /assignee/.test(refused.body.error?.message),
      `the caller's internal note: ${refused.status} ${JSON.stringify(
        refused.body,
      )}`,
    );
  },
};
