import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from 'react';

/**
 * The refresh signal of the page of one record. Hooks reading data about the
 * record include a version in their dependencies, so one write makes every
 * card read again without props passed down the tree.
 */
export interface RecordRefresh {
  /** Changes after every write: the cards of the record read again. */
  version: number;
  /** Changes after a write to the record itself: the record is read again. */
  recordVersion: number;
  /** After a write beside the record (a comment): reload the cards. */
  refresh(): void;
  /**
   * After a write that changes the record (a transition, a link, a decision,
   * a signature): reload the record and the cards.
   */
  refreshRecord(): void;
  /**
   * One read for every card that asks for the same thing (`key`, which
   * should name the version it is for), e.g. the caller's roles on the
   * record: the first call makes it, the others share its answer. A failed
   * read is forgotten, so that a retry reads again.
   */
  shared<T>(key: string, read: () => Promise<T>): Promise<T>;
}

const NO_REFRESH: RecordRefresh = {
  version: 0,
  recordVersion: 0,
  refresh: () => {},
  refreshRecord: () => {},
  shared: (_key, read) => read(),
};

const RecordRefreshContext = createContext<RecordRefresh>(NO_REFRESH);

/** Provides the refresh signal to the page of one record and its cards. */
export const RecordRefreshProvider = (props: { children: ReactNode }) => {
  const [versions, setVersions] = useState({ version: 0, recordVersion: 0 });
  const refresh = useCallback(
    () => setVersions(v => ({ ...v, version: v.version + 1 })),
    [],
  );
  const refreshRecord = useCallback(
    () =>
      setVersions(v => ({
        version: v.version + 1,
        recordVersion: v.recordVersion + 1,
      })),
    [],
  );
  const reads = useRef(new Map<string, Promise<unknown>>());
  const shared = useCallback(<T,>(key: string, read: () => Promise<T>) => {
    const known = reads.current.get(key) as Promise<T> | undefined;
    if (known) return known;
    const made = read();
    reads.current.set(key, made);
    made.catch(() => reads.current.delete(key));
    return made;
  }, []);
  const value = useMemo(
    () => ({ ...versions, refresh, refreshRecord, shared }),
    [versions, refresh, refreshRecord, shared],
  );
  return (
    <RecordRefreshContext.Provider value={value}>
      {props.children}
    </RecordRefreshContext.Provider>
  );
};

/**
 * The refresh signal of the record page around the caller. Outside a record
 * page the versions stay 0 and the refresh functions do nothing.
 */
export function useRecordRefresh(): RecordRefresh {
  return useContext(RecordRefreshContext);
}
