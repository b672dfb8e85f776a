import { Grid, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import type { FieldRow } from '../../records/types';

const useStyles = makeStyles(theme => ({
  list: { margin: 0 },
  term: {
    color: theme.palette.text.secondary,
    fontSize: theme.typography.body2.fontSize,
    fontWeight: 500,
  },
  definition: { margin: 0, marginBottom: theme.spacing(1.5) },
}));

/** Label/value pairs as a definition list in two columns. */
export const FieldList = (props: { rows: FieldRow[] }) => {
  const classes = useStyles();
  return (
    <Grid container spacing={2} component="dl" className={classes.list}>
      {props.rows.map(row => (
        <Grid item xs={12} sm={6} key={row.label}>
          <Typography component="dt" className={classes.term}>
            {row.label}
          </Typography>
          <Typography
            component="dd"
            variant="body2"
            className={classes.definition}
          >
            {row.value}
          </Typography>
        </Grid>
      ))}
    </Grid>
  );
};
