// The backlog of Shared Platform as the release pages read it, for their
// tests: REL-2 holds CHG-3 (a functional change: it needs a CAB vote) and
// CHG-4 (fixes PRB-1 without changing functionality: it needs none).
import type { ItsmApi } from '../api';

export function mockBacklog(api: jest.Mocked<ItsmApi>) {
  api.listRecords.mockResolvedValue({
    items: [{ key: 'REL-2' }],
    totalCount: 1,
  } as any);
  api.getRecord.mockImplementation((async (_type: string, key: string) =>
    key === 'REL-2'
      ? {
          key,
          links: [
            { key: 'CHG-3', type: 'changes', state: 'in_release' },
            { key: 'CHG-4', type: 'changes', state: 'in_release' },
            { key: 'CHG-1', type: 'changes', state: 'closed' },
          ],
        }
      : {
          key,
          title: key === 'CHG-3' ? 'Rate limits' : 'Fix token leak',
          state: 'in_release',
          functionalChange: key === 'CHG-3',
          links: key === 'CHG-4' ? [{ key: 'PRB-1', type: 'problems' }] : [],
        }) as any);
}
