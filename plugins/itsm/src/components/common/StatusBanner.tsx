import { Box, Typography } from '@material-ui/core';
import { makeStyles, Theme } from '@material-ui/core/styles';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import InfoOutlined from '@material-ui/icons/InfoOutlined';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';
import { ReactNode } from 'react';

/** How urgent a banner is. */
export type BannerSeverity = 'error' | 'warning' | 'info';

const ICONS = {
  error: ErrorOutline,
  warning: ReportProblemOutlined,
  info: InfoOutlined,
};

const paletteOf = (theme: Theme, severity: BannerSeverity) =>
  theme.palette[severity];

const useStyles = makeStyles(theme => ({
  banner: (props: { severity: BannerSeverity }) => ({
    display: 'flex',
    alignItems: 'flex-start',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    padding: theme.spacing(1.5, 2),
    marginBottom: theme.spacing(2),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${paletteOf(theme, props.severity).main}`,
    borderLeftWidth: 6,
    backgroundColor: theme.palette.background.paper,
    color: theme.palette.text.primary,
  }),
  icon: (props: { severity: BannerSeverity }) => ({
    color: paletteOf(theme, props.severity).dark,
    marginTop: 2,
  }),
  body: { flex: '1 1 300px', minWidth: 0 },
  actions: { display: 'flex', gap: theme.spacing(1), alignItems: 'center' },
}));

/**
 * A banner at the top of a page: what stands on the record (an escalation,
 * a breached target) with the actions it asks for. It is `role="status"`:
 * it was on the page when the page opened, so screen readers read it in
 * turn rather than interrupt (`ErrorBanner` is the alert for a failure that
 * just happened). `label` names it as a region.
 */
export const StatusBanner = (props: {
  severity: BannerSeverity;
  label: string;
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}) => {
  const { severity, label, title, children, actions } = props;
  const classes = useStyles({ severity });
  const Icon = ICONS[severity];
  return (
    <Box className={classes.banner} role="status" aria-label={label}>
      <Icon className={classes.icon} aria-hidden />
      <Box className={classes.body}>
        <Typography variant="subtitle2" component="p">
          {title}
        </Typography>
        {children && (
          <Typography variant="body2" component="div">
            {children}
          </Typography>
        )}
      </Box>
      {actions && <Box className={classes.actions}>{actions}</Box>}
    </Box>
  );
};
