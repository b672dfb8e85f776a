import { MarkdownContent } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import { ReactNode } from 'react';

/** A titled section of a card (an `h3`). */
export const Section = (props: {
  title: string;
  children: ReactNode;
  /** Space above the section, in theme spacing units (2 by default). */
  spacing?: number;
}) => (
  <Box mt={props.spacing ?? 2}>
    <Typography variant="h6" component="h3" gutterBottom>
      {props.title}
    </Typography>
    {props.children}
  </Box>
);

/** A titled markdown text; nothing when the text is empty. */
export const MarkdownSection = (props: {
  title: string;
  content?: string | null;
}) =>
  props.content ? (
    <Section title={props.title}>
      <MarkdownContent content={props.content} />
    </Section>
  ) : null;
