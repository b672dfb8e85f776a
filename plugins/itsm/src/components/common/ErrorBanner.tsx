import { Box, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  banner: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    padding: theme.spacing(1.5, 2),
    marginBottom: theme.spacing(2),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.error.main}`,
    backgroundColor:
      theme.palette.type === 'dark'
        ? theme.palette.background.paper
        : `${theme.palette.error.light}22`,
  },
  icon: { color: theme.palette.error.main, marginTop: 2 },
  body: { flex: 1 },
}));

/**
 * A message the user must read (a failed save, a conflict), announced to
 * screen readers, with optional actions such as "Reload".
 */
export const ErrorBanner = (props: {
  title?: string;
  message: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
}) => {
  const classes = useStyles();
  return (
    <Box className={classes.banner} role="alert">
      <ErrorOutline className={classes.icon} aria-hidden />
      <Box className={classes.body}>
        {props.title && (
          <Typography variant="subtitle2" component="p">
            {props.title}
          </Typography>
        )}
        <Typography variant="body2" component="div">
          {props.message}
        </Typography>
        {props.children}
      </Box>
      {props.actions && <Box>{props.actions}</Box>}
    </Box>
  );
};
