import { makeStyles } from '@material-ui/core/styles';

/**
 * Keyboard focus shows as an outline: Material UI marks a focused button
 * only by a faint background (hardly visible on a contained button), and
 * links not at all. The pages of the plugin call this hook; the styles are
 * global while one of them is shown.
 */
export const useFocusOutline = makeStyles(theme => ({
  '@global': {
    '.Mui-focusVisible, a:focus-visible, [role="button"]:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
}));
