import { Link } from '@backstage/core-components';
import { Card, CardContent, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  card: { height: '100%' },
  value: { fontWeight: 600, margin: theme.spacing(0.5, 0) },
  note: { marginBottom: theme.spacing(1) },
}));

/** One process figure: a label, a big value, what it measures and a link. */
export const KpiTile = (props: {
  label: string;
  value: ReactNode;
  note?: ReactNode;
  link?: { to: string; text: string };
}) => {
  const classes = useStyles();
  return (
    <Card className={classes.card} component="section" aria-label={props.label}>
      <CardContent>
        <Typography variant="overline" component="h3">
          {props.label}
        </Typography>
        <Typography variant="h4" component="p" className={classes.value}>
          {props.value}
        </Typography>
        {props.note && (
          <Typography
            variant="body2"
            color="textSecondary"
            className={classes.note}
          >
            {props.note}
          </Typography>
        )}
        {props.link && <Link to={props.link.to}>{props.link.text}</Link>}
      </CardContent>
    </Card>
  );
};
