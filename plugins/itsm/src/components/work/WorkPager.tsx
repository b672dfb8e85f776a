import { formatTotalCount } from '@backstage-itsm/plugin-itsm-common';
import { Box, Button, Typography } from '@material-ui/core';
import type { ItsmRecordPage } from '@backstage-itsm/plugin-itsm-common';
import { useCursorPages } from './hooks';

/** "1–25 of 40", Previous page and Next page of a section. */
export const WorkPager = (props: {
  label: string;
  page: ItsmRecordPage<unknown>;
  pages: ReturnType<typeof useCursorPages>;
}) => {
  const { label, page, pages } = props;
  const first = pages.offset + 1;
  const last = pages.offset + page.items.length;
  return (
    <Box
      display="flex"
      alignItems="center"
      justifyContent="flex-end"
      mt={1}
      style={{ gap: 16 }}
      component="nav"
      aria-label={`Pages of ${label}`}
    >
      <Typography variant="body2" aria-live="polite">
        {first}–{last} of {formatTotalCount(page)}
      </Typography>
      <Button
        variant="outlined"
        disabled={pages.isFirst}
        onClick={pages.previous}
      >
        Previous page
      </Button>
      <Button
        variant="outlined"
        disabled={!page.nextCursor}
        onClick={() => page.nextCursor && pages.next(page.nextCursor, last)}
      >
        Next page
      </Button>
    </Box>
  );
};
