import { ItsmRecord, ItsmRecordPage } from '@backstage-itsm/plugin-itsm-common';
import { useState } from 'react';
import type { WorkSection } from '../../api';
import { ItsmData, useItsmApi } from '../../hooks';

/**
 * One page of a section of the caller's work, read again when `version`
 * changes (after a decision taken in the section).
 */
export function useMyWork(
  section: WorkSection,
  page: { limit: number; cursor?: string },
  version = 0,
): ItsmData<ItsmRecordPage<ItsmRecord>> {
  const { limit, cursor } = page;
  return useItsmApi(
    api => api.getMyWork({ section, limit, cursor }),
    [section, limit, cursor, version],
  );
}

/** Pages by cursor: the cursors of the pages before, and where this one starts. */
export function useCursorPages() {
  const [stack, setStack] = useState<
    Array<{ cursor?: string; offset: number }>
  >([{ offset: 0 }]);
  const { cursor, offset } = stack[stack.length - 1];
  return {
    cursor,
    offset,
    isFirst: stack.length === 1,
    next: (nextCursor: string, last: number) =>
      setStack(s => [...s, { cursor: nextCursor, offset: last }]),
    previous: () => setStack(s => (s.length > 1 ? s.slice(0, -1) : s)),
    /** Back to the first page (after a decision moved records out). */
    reset: () => setStack([{ offset: 0 }]),
  };
}
