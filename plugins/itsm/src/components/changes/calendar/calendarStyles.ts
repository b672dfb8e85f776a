import { makeStyles } from '@material-ui/core/styles';

/** The styles of the change calendar's grids and entries. */
export const useCalendarStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(7, minmax(0, 1fr))',
    gap: 4,
  },
  // Text on the page background: the primary colour (the secondary one is
  // 4.47:1 on it, under WCAG's 4.5:1).
  weekday: {
    fontWeight: 600,
    textAlign: 'center',
    color: theme.palette.text.primary,
  },
  day: {
    minHeight: 110,
    padding: theme.spacing(0.5),
    backgroundColor: theme.palette.background.paper,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
    overflow: 'hidden',
  },
  weekDay: { minHeight: 320 },
  padding: { minHeight: 110, opacity: 0 },
  today: { borderColor: theme.palette.primary.main, borderWidth: 2 },
  frozen: {
    backgroundImage: `repeating-linear-gradient(45deg, ${theme.palette.action.hover}, ${theme.palette.action.hover} 6px, transparent 6px, transparent 12px)`,
    backgroundColor: theme.palette.action.selected,
  },
  hourLabel: {
    fontSize: '0.7rem',
    color: theme.palette.text.primary,
    textAlign: 'right',
    paddingRight: 4,
    boxSizing: 'border-box',
  },
  timeGrid: {
    display: 'grid',
    gridTemplateColumns: '3rem repeat(7, minmax(0, 1fr))',
    gap: 4,
  },
  timeColumn: {
    position: 'relative',
    backgroundColor: theme.palette.background.paper,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
    backgroundImage: `repeating-linear-gradient(to bottom, ${theme.palette.divider} 0, ${theme.palette.divider} 1px, transparent 1px, transparent var(--hour-height))`,
  },
  block: {
    position: 'absolute',
    boxSizing: 'border-box',
    overflow: 'hidden',
    margin: 0,
  },
  freezeLabel: {
    display: 'block',
    fontSize: '0.7rem',
    color: theme.palette.text.primary,
    fontStyle: 'italic',
  },
  entry: {
    margin: '2px 0',
    padding: '2px 4px',
    borderRadius: 4,
    border: `1px solid ${theme.palette.divider}`,
    backgroundColor: theme.palette.background.paper,
    fontSize: '0.75rem',
    lineHeight: 1.3,
    wordBreak: 'break-word',
  },
  conflict: { border: `2px solid ${theme.palette.error.main}` },
  inFreeze: { borderStyle: 'dashed' },
  label: {
    display: 'inline-block',
    marginLeft: 4,
    padding: '0 4px',
    borderRadius: 3,
    fontSize: '0.65rem',
    fontWeight: 600,
    textTransform: 'uppercase',
  },
  // White on these reds and greens is at least 4.5:1 (WCAG AA).
  conflictLabel: {
    color: '#fff',
    backgroundColor: '#b71c1c',
  },
  freezeMark: {
    color: theme.palette.text.primary,
    backgroundColor: theme.palette.action.selected,
  },
  approvedMark: {
    color: '#fff',
    backgroundColor: '#1b5e20',
  },
}));
