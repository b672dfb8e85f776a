import type { ItsmOpenApi } from '@backstage-itsm/plugin-itsm-common';

/**
 * A CAB meeting without its agenda, as `GET /cab-meetings` lists it.
 *
 * @public
 */
export type CabMeetingSummary = ItsmOpenApi.CabMeetingSummary;

/**
 * A CAB meeting with its agenda, each member's vote, the live tally of each
 * RFC and, once closed, the outcomes, the minutes and the release it
 * registered.
 *
 * @public
 */
export type CabMeeting = ItsmOpenApi.CabMeeting;

/** @public */
export type CabAgendaItem = ItsmOpenApi.CabAgendaItem;

/** @public */
export type CabMeetingPage = {
  items: CabMeetingSummary[];
  nextCursor?: string;
};

/** @public */
export type CabMeetingQuery = NonNullable<ItsmOpenApi.ListCabMeetings['query']>;

/** @public */
export type CabMeetingCreateBody = ItsmOpenApi.CabMeetingCreate;

/** @public */
export type CabAgendaBody = ItsmOpenApi.CabAgendaPut;

/** @public */
export type CabVoteBody = ItsmOpenApi.CabVoteRequest;

/** @public */
export type CabCloseBody = ItsmOpenApi.CabCloseRequest;

/**
 * The plan of a release: its changes on a timeline.
 *
 * @public
 */
export type ReleasePlan = ItsmOpenApi.ReleasePlan;

/** @public */
export type ReleasePlanChange = ItsmOpenApi.ReleasePlanChange;

/** @public */
export type ReleasePlanChangeBody = ItsmOpenApi.ReleasePlanChangeCreate;
