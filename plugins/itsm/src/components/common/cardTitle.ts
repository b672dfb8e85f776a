/**
 * The typography of an InfoCard title: a level-2 heading (the page title is
 * the h1, sections inside a card are h3), so that screen reader users can
 * move from card to card. Material UI's CardHeader renders a `span` without
 * it. Pass as `titleTypographyProps`.
 */
export const CARD_TITLE = { component: 'h2' } as const;
