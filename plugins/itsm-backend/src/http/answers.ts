import {
  ItsmRecordPage,
  ItsmRecord,
  ResolvedRole,
  ROLE_INFO,
} from '@backstage-itsm/plugin-itsm-common';
import { ChangeCalendarAnswer } from '../changes/ChangeCalendar';
import { RecordDetail } from '../engine/RecordService';
import {
  Availability,
  Change,
  ChangeCalendar,
  IncidentSlaClocks,
  Record as ApiRecord,
  RecordDetail as ApiRecordDetail,
  RecordPage,
  ResolvedRole as ApiResolvedRole,
  Sla,
  SlaReport as ApiSlaReport,
} from '../schema/openapi';
import { SlaReport } from '../slas/SlaReports';
import { SlaService } from '../slas/SlaService';

/*
 * The answers of the services as the models of the document. The services
 * are typed with the domain types of itsm-common, which are wider than the
 * document in a few places: a record's `state` is any string there (the state
 * machine keeps it to the states of its type), a service answering a change or
 * an SLA returns any record, a rounded figure is `number | null` although a
 * number goes in, a field read from a record's data (a calendar change's
 * `changeType`, an SLA's groups in its report) is `string` or `unknown`
 * although the record's schema allows only what the document says. The
 * values themselves stay inside the document: the HTTP tests check every
 * answer against it (wrapServer). These assertions are the one place where
 * the types are narrowed, and `as` still rejects a type that does not
 * overlap with the model.
 */

export const asRecord = (record: ItsmRecord) => record as ApiRecord;

export const asRecordPage = (page: ItsmRecordPage<ItsmRecord>) =>
  page as RecordPage;

export const asRecordDetail = (detail: RecordDetail) =>
  detail as ApiRecordDetail;

export const asChange = (record: ItsmRecord) => record as Change;

export const asSla = (record: ItsmRecord) => record as Sla;

export const asAvailability = (
  answer: Awaited<ReturnType<SlaService['availability']>>,
) => answer as Availability;

export const asIncidentSlaClocks = (
  answer: Awaited<ReturnType<SlaService['incidentClocks']>>,
) => answer as IncidentSlaClocks;

export const asChangeCalendar = (answer: ChangeCalendarAnswer) =>
  answer as ChangeCalendar;

export const asSlaReport = (report: SlaReport) => report as ApiSlaReport;

/** A resolved role with its title in words, as the document's ResolvedRole. */
export function withTitle(resolved: ResolvedRole): ApiResolvedRole {
  return { ...resolved, title: ROLE_INFO[resolved.role].title };
}
