import Button from '@material-ui/core/Button';
import { RouterLink } from '@backstage/frontend-plugin-api';
import type { ReactNode } from 'react';

/**
 * A link that looks like a button. ButtonBase gives components other than
 * `button` and `a` the role "button"; this one navigates, so it keeps the
 * anchor's own role, link.
 */
export const ButtonLink = (props: {
  href: string;
  icon: ReactNode;
  children: ReactNode;
  variant?: 'contained' | 'outlined';
}) => (
  <Button
    component={RouterLink}
    href={props.href}
    role={undefined}
    variant={props.variant ?? 'contained'}
    color="primary"
    size="small"
    startIcon={props.icon}
  >
    {props.children}
  </Button>
);
