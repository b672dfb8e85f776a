import { Box, Typography } from '@material-ui/core';
import { ReactNode } from 'react';

/**
 * "Nothing here yet" inside a card or a section: a level-3 heading under
 * the card's level-2 title, its explanation and an optional action. The
 * page-sized EmptyState of core-components titles with an h5, which skips
 * heading levels there (axe: heading-order).
 */
export const EmptyNote = (props: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
}) => (
  <Box my={1}>
    <Typography variant="subtitle1" component="h3">
      {props.title}
    </Typography>
    {props.description && (
      <Typography variant="body2" paragraph>
        {props.description}
      </Typography>
    )}
    {props.action}
  </Box>
);
