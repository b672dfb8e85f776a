import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  detail,
  incident,
  mockItsmApi,
  renderItsm,
} from '../../__testUtils__/fixtures';
import { problemFormSearch } from '../incidents/ProblemFromIncidentCard';

describe('the new-problem form opened from an incident', () => {
  it('starts with the incident, its entities and a title, and creates the problem linked to it', async () => {
    const user = userEvent.setup();
    const from = incident({
      key: 'INC-7',
      title: 'Checkout times out',
      entityRefs: ['component:default/payments-api'],
    });
    const api = mockItsmApi({
      createRecord: jest
        .fn()
        .mockResolvedValue({ ...from, type: 'problems', key: 'PRB-2' }),
      getRecord: jest
        .fn()
        .mockResolvedValue(detail({ ...from, type: 'problems', key: 'PRB-2' })),
    });
    await renderItsm(api, `/problems/new?${problemFormSearch(from)}`);

    expect(await screen.findByRole('textbox', { name: /^Title/ })).toHaveValue(
      'Cause of INC-7: Checkout times out',
    );
    expect(
      screen.getByRole('textbox', { name: /^Incident it comes from/ }),
    ).toHaveValue('INC-7');
    await user.click(screen.getByRole('button', { name: 'Create problem' }));
    await waitFor(() =>
      expect(api.createRecord).toHaveBeenCalledWith('problems', {
        title: 'Cause of INC-7: Checkout times out',
        entityRefs: ['component:default/payments-api'],
        incidentKey: 'INC-7',
      }),
    );
  });
});
