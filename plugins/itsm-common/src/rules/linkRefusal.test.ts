import { ItsmRecordType } from '../recordTypes';
import { newLinkRefusal } from './links';

const end = (type: ItsmRecordType, key: string, state: string) => ({
  type,
  key,
  state,
});

describe('newLinkRefusal', () => {
  it('refuses a finished record at either end, naming it and its state', () => {
    const open = end('incidents', 'INC-1', 'in_progress');
    for (const state of ['closed', 'rejected', 'cancelled']) {
      const finished = end('changes', 'CHG-1', state);
      const refusal = `CHG-1 is ${state}: a finished record takes no new links`;
      expect(newLinkRefusal(open, finished)).toBe(refusal);
      expect(newLinkRefusal(finished, open)).toBe(refusal);
    }
    expect(
      newLinkRefusal(
        end('incidents', 'INC-2', 'closed'),
        end('problems', 'PRB-1', 'closed'),
      ),
    ).toBe('INC-2 is closed: a finished record takes no new links');
  });

  it('lets open records and records waiting for verification link', () => {
    expect(
      newLinkRefusal(
        end('incidents', 'INC-1', 'resolved'),
        end('problems', 'PRB-1', 'known_error'),
      ),
    ).toBeUndefined();
    expect(
      newLinkRefusal(
        end('changes', 'CHG-1', 'in_release'),
        end('releases', 'REL-1', 'backlog'),
      ),
    ).toBeUndefined();
  });

  it('gives a release new changes only until its coordination is over', () => {
    const change = end('changes', 'CHG-1', 'in_release');
    for (const state of [
      'backlog',
      'defined',
      'justification',
      'coordinating',
    ]) {
      expect(
        newLinkRefusal(change, end('releases', 'REL-1', state)),
      ).toBeUndefined();
    }
    const reviewing = end('releases', 'REL-1', 'reviewing');
    const refusal =
      'REL-1 is reviewing: its coordination is over, so it takes no new change';
    expect(newLinkRefusal(change, reviewing)).toBe(refusal);
    expect(newLinkRefusal(reviewing, change)).toBe(refusal);
    expect(newLinkRefusal(change, end('releases', 'REL-1', 'closed'))).toBe(
      'REL-1 is closed: a finished record takes no new links',
    );
  });
});
