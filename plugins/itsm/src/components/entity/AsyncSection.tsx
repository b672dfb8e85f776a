import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';

/** The state of one asynchronous read, as react-use's `useAsyncRetry` gives it. */
export interface AsyncValue<T> {
  loading: boolean;
  error?: Error;
  value?: T;
  retry?: () => void;
}

/** A progress bar named after what is loading. */
export const Loading = (props: { what: string }) => (
  <Box py={2}>
    <LinearProgress aria-label={`Loading ${props.what}`} />
  </Box>
);

/** An error message naming what could not be loaded, with a retry button. */
export const LoadError = (props: {
  title: string;
  error: Error;
  retry?: () => void;
}) => (
  <Box role="alert" py={1}>
    <Typography color="error" variant="subtitle2">
      {props.title}
    </Typography>
    <Typography variant="body2" color="textSecondary">
      {props.error.message}
    </Typography>
    {props.retry && (
      <Button size="small" onClick={props.retry}>
        Retry
      </Button>
    )}
  </Box>
);

/** The text shown when a list has nothing in it. */
export const Empty = (props: { children: ReactNode }) => (
  <Box py={1}>
    <Typography variant="body2" color="textSecondary">
      {props.children}
    </Typography>
  </Box>
);

/**
 * Renders the loading, error, empty or data state of one read.
 */
export function AsyncSection<T>(props: {
  state: AsyncValue<T>;
  /** Names what is loaded, e.g. "open incidents". */
  what: string;
  isEmpty?: (value: T) => boolean;
  empty: ReactNode;
  children: (value: T) => ReactNode;
}) {
  const { state, what, isEmpty, empty, children } = props;
  if (state.loading) return <Loading what={what} />;
  if (state.error) {
    return (
      <LoadError
        title={`Could not load ${what}`}
        error={state.error}
        retry={state.retry}
      />
    );
  }
  if (state.value === undefined || (isEmpty && isEmpty(state.value))) {
    return <Empty>{empty}</Empty>;
  }
  return <>{children(state.value)}</>;
}
