import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { Button } from '@material-ui/core';
import { WorkSectionInfo } from './sections';
import { EmptyNote } from '../common/EmptyNote';

/**
 * What a section of My work shows instead of its records: progress while
 * the first page loads, the error with a retry, or that it is empty. Null
 * when there are records to show.
 */
export function sectionStatus(props: {
  info: WorkSectionInfo;
  loading: boolean;
  error?: Error;
  retry: () => void;
  /** Records of the page; undefined before the first answer. */
  count?: number;
  /** An action of the empty state (e.g. back to the first page). */
  emptyAction?: JSX.Element;
}): JSX.Element | null {
  const { info, loading, error, retry, count, emptyAction } = props;
  if (loading && count === undefined)
    return <Progress aria-label={`Loading ${info.label}`} />;
  if (error) {
    return (
      <>
        <ResponseErrorPanel
          error={error}
          title={`Could not load “${info.label}”`}
        />
        <Button variant="outlined" onClick={retry}>
          Try again
        </Button>
      </>
    );
  }
  if (!count) {
    return (
      <EmptyNote
        title={info.empty}
        description={info.description}
        action={emptyAction}
      />
    );
  }
  return null;
}
