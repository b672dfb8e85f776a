import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { ItsmOpenApi } from '@backstage-itsm/plugin-itsm-common';
import type {
  Change,
  Incident,
  ItsmComment,
  ItsmPage,
  ItsmRecord,
  ItsmRecordPage,
  ItsmRecordType,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import type {
  ApprovalBody,
  AvailabilityQuery,
  AvailabilityResponse,
  ChangeCalendarQuery,
  ChangeCalendarResponse,
  StandardChangeTemplate,
  CommentBody,
  CreateRecordBody,
  EscalationAcknowledgementBody,
  EscalationDecisionBody,
  ImpactResponse,
  IncidentSlaResponse,
  ItsmApi,
  ItsmChangeApprovals,
  ItsmEntityRoles,
  ItsmHealth,
  ItsmHistory,
  ItsmKpis,
  ItsmLinks,
  ItsmRecordRoles,
  KpiQuery,
  LinkBody,
  ListQuery,
  PageQuery,
  RecordDetail,
  RecordOf,
  SignatureBody,
  SlaReport,
  TransitionBody,
  UpdateRecordBody,
  CabAgendaBody,
  CabCloseBody,
  CabMeeting,
  CabMeetingCreateBody,
  CabMeetingPage,
  CabMeetingQuery,
  CabVoteBody,
  ReleasePlan,
  ReleasePlanChangeBody,
  WorkQuery,
} from './ItsmApi';

type Answer<T> = Promise<ItsmOpenApi.TypedResponse<T>>;

/** The response of a 2xx answer; any other rejects with a `ResponseError`. */
async function ok<T>(answer: Answer<T>): Promise<ItsmOpenApi.TypedResponse<T>> {
  const response = await answer;
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  return response;
}

/** The JSON body of a 2xx answer, typed as the API document declares it. */
async function json<T>(answer: Answer<T>): Promise<T> {
  return (await ok(answer)).json();
}

/** A filter given as one value or several, as the repeated query parameter. */
function many<T>(value: T | T[] | undefined): T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

/** The filters and order of a list query, as its query parameters. */
function listFilters(query: ListQuery) {
  return {
    entityRef: many(query.entityRef),
    includeParts: query.includeParts,
    state: many(query.state),
    priority: many(query.priority),
    assignedGroup: many(query.assignedGroup),
    q: query.q,
    sort: query.sort,
  };
}

/**
 * The browser client of the ITSM backend, implementing {@link ItsmApi} over
 * the client generated from the API document (`ItsmOpenApi.DefaultApiClient`
 * of itsm-common, one method per operation). Requests go through `fetchApi`
 * (which adds the user's Backstage token) to the base URL discovery gives for
 * the `itsm` plugin.
 *
 * Each method calls the generated operation and rejects a non-2xx answer
 * with a `ResponseError`. Answers are typed by the document as they come; a
 * cast (`as`) marks an answer the document cannot type by the record type in
 * the path (or, for the SLA report, by the format asked for).
 * `contract.test-d.ts` checks the frontend's types against the document.
 *
 * @public
 */
export class ItsmClient implements ItsmApi {
  private readonly api: ItsmOpenApi.DefaultApiClient;

  /**
   * @param options - `discoveryApi` resolves the backend base URL,
   * `fetchApi` sends the requests.
   */
  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.api = new ItsmOpenApi.DefaultApiClient(options);
  }

  /** {@inheritDoc ItsmApi.listRecords} */
  async listRecords<T extends ItsmRecordType>(
    type: T,
    query: ListQuery = {},
  ): Promise<ItsmRecordPage<RecordOf<T>>> {
    const page = await json(
      this.api.listRecords({
        path: { type },
        query: {
          ...listFilters(query),
          limit: query.limit,
          cursor: query.cursor,
        },
      }),
    );
    return page as ItsmRecordPage<RecordOf<T>>;
  }

  /** {@inheritDoc ItsmApi.downloadRecordsCsv} */
  async downloadRecordsCsv(
    type: ItsmRecordType,
    query: ListQuery = {},
  ): Promise<Blob> {
    const response = await ok(
      this.api.listRecords({
        path: { type },
        query: { ...listFilters(query), format: 'csv' },
      }),
    );
    return response.blob();
  }

  /** {@inheritDoc ItsmApi.getMyWork} */
  async getMyWork(query: WorkQuery): Promise<ItsmRecordPage<ItsmRecord>> {
    return json(
      this.api.getMyWork({
        query: {
          section: query.section,
          limit: query.limit,
          cursor: query.cursor,
        },
      }),
    );
  }

  /** {@inheritDoc ItsmApi.getRecord} */
  async getRecord<T extends ItsmRecordType>(
    type: T,
    idOrKey: string,
  ): Promise<RecordDetail<T>> {
    const record = await json(this.api.getRecord({ path: { type, idOrKey } }));
    return record as unknown as RecordDetail<T>;
  }

  /** {@inheritDoc ItsmApi.createRecord} */
  async createRecord<T extends ItsmRecordType>(
    type: T,
    body: CreateRecordBody<T>,
  ): Promise<RecordOf<T>> {
    const record = await json(
      this.api.createRecord({
        path: { type },
        body: body as ItsmOpenApi.CreateRecord['body'],
      }),
    );
    return record as RecordOf<T>;
  }

  /** {@inheritDoc ItsmApi.updateRecord} */
  async updateRecord<T extends ItsmRecordType>(
    type: T,
    idOrKey: string,
    body: UpdateRecordBody<T>,
  ): Promise<RecordOf<T>> {
    const record = await json(
      this.api.updateRecord({
        path: { type, idOrKey },
        body: body as ItsmOpenApi.UpdateRecord['body'],
      }),
    );
    return record as RecordOf<T>;
  }

  /** {@inheritDoc ItsmApi.transition} */
  async transition<T extends ItsmRecordType>(
    type: T,
    idOrKey: string,
    body: TransitionBody,
  ): Promise<RecordOf<T>> {
    const record = await json(
      this.api.transition({ path: { type, idOrKey }, body }),
    );
    return record as RecordOf<T>;
  }

  /** {@inheritDoc ItsmApi.getHistory} */
  async getHistory(
    type: ItsmRecordType,
    idOrKey: string,
  ): Promise<ItsmHistory> {
    return json(this.api.getHistory({ path: { type, idOrKey } }));
  }

  /** {@inheritDoc ItsmApi.listComments} */
  async listComments(
    type: ItsmRecordType,
    idOrKey: string,
    query: PageQuery = {},
  ): Promise<ItsmPage<ItsmComment>> {
    return json(
      this.api.listComments({
        path: { type, idOrKey },
        query: { limit: query.limit, cursor: query.cursor },
      }),
    );
  }

  /** {@inheritDoc ItsmApi.addComment} */
  async addComment(
    type: ItsmRecordType,
    idOrKey: string,
    body: CommentBody,
  ): Promise<ItsmComment> {
    return json(this.api.addComment({ path: { type, idOrKey }, body }));
  }

  /** {@inheritDoc ItsmApi.addLink} */
  async addLink(
    type: ItsmRecordType,
    idOrKey: string,
    body: LinkBody,
  ): Promise<ItsmLinks> {
    return json(this.api.addLink({ path: { type, idOrKey }, body }));
  }

  /** {@inheritDoc ItsmApi.removeLink} */
  async removeLink(
    type: ItsmRecordType,
    idOrKey: string,
    targetKey: string,
  ): Promise<void> {
    await ok(this.api.removeLink({ path: { type, idOrKey, targetKey } }));
  }

  /** {@inheritDoc ItsmApi.decideApproval} */
  async decideApproval(idOrKey: string, body: ApprovalBody): Promise<Change> {
    return json(this.api.decideApproval({ path: { idOrKey }, body }));
  }

  /** {@inheritDoc ItsmApi.getApprovals} */
  async getApprovals(idOrKey: string): Promise<ItsmChangeApprovals> {
    return json(this.api.getApprovals({ path: { idOrKey } }));
  }

  /** {@inheritDoc ItsmApi.sign} */
  async sign(idOrKey: string, body: SignatureBody): Promise<Sla> {
    return json(this.api.sign({ path: { idOrKey }, body }));
  }

  /** {@inheritDoc ItsmApi.getAvailability} */
  async getAvailability(
    query: AvailabilityQuery,
  ): Promise<AvailabilityResponse> {
    const { entityRef, from, to, granularity } = query;
    return json(
      this.api.getAvailability({
        query: { entityRef, from, to, granularity },
      }),
    );
  }

  /** {@inheritDoc ItsmApi.getImpact} */
  async getImpact(
    entityRefs: string[],
    page: { limit?: number; cursor?: string } = {},
  ): Promise<ImpactResponse> {
    return json(
      this.api.getImpact({ query: { entityRef: entityRefs, ...page } }),
    );
  }

  /** {@inheritDoc ItsmApi.getChangeCalendar} */
  async getChangeCalendar(
    query: ChangeCalendarQuery,
  ): Promise<ChangeCalendarResponse> {
    return json(
      this.api.getChangeCalendar({
        query: {
          from: query.from,
          to: query.to,
          entityRef: many(query.entityRef),
        },
      }),
    );
  }

  /** {@inheritDoc ItsmApi.listStandardChangeTemplates} */
  async listStandardChangeTemplates(): Promise<StandardChangeTemplate[]> {
    return (await json(this.api.listStandardChangeTemplates())).items;
  }

  /** {@inheritDoc ItsmApi.getIncidentSla} */
  async getIncidentSla(idOrKey: string): Promise<IncidentSlaResponse> {
    return json(this.api.getIncidentSlaClocks({ path: { idOrKey } }));
  }

  /** {@inheritDoc ItsmApi.decideEscalation} */
  async decideEscalation(
    idOrKey: string,
    body: EscalationDecisionBody,
  ): Promise<Incident> {
    return json(this.api.decideEscalation({ path: { idOrKey }, body }));
  }

  /** {@inheritDoc ItsmApi.acknowledgeEscalation} */
  async acknowledgeEscalation(
    idOrKey: string,
    body: EscalationAcknowledgementBody,
  ): Promise<Incident> {
    return json(this.api.acknowledgeEscalation({ path: { idOrKey }, body }));
  }

  /** {@inheritDoc ItsmApi.getKpis} */
  async getKpis(query: KpiQuery = {}): Promise<ItsmKpis> {
    return json(
      this.api.getKpis({
        query: {
          entityRef: many(query.entityRef),
          from: query.from,
          to: query.to,
        },
      }),
    );
  }

  /** {@inheritDoc ItsmApi.getSlaReport} */
  async getSlaReport(idOrKey: string, term: string): Promise<SlaReport> {
    const report = await json(
      this.api.getSlaReport({
        path: { idOrKey },
        query: { term, format: 'json' },
      }),
    );
    // format=json: the answer is the JSON report, never the CSV text.
    return report as SlaReport;
  }

  /** {@inheritDoc ItsmApi.downloadSlaReportCsv} */
  async downloadSlaReportCsv(idOrKey: string, term: string): Promise<Blob> {
    const response = await ok(
      this.api.getSlaReport({
        path: { idOrKey },
        query: { term, format: 'csv' },
      }),
    );
    return response.blob();
  }

  /** {@inheritDoc ItsmApi.getEntityRoles} */
  async getEntityRoles(entityRef: string): Promise<ItsmEntityRoles> {
    return json(this.api.getEntityRoles({ query: { entityRef } }));
  }

  /** {@inheritDoc ItsmApi.getRecordRoles} */
  async getRecordRoles(
    type: ItsmRecordType,
    idOrKey: string,
  ): Promise<ItsmRecordRoles> {
    return json(this.api.getRecordRoles({ path: { type, idOrKey } }));
  }

  /** {@inheritDoc ItsmApi.health} */
  async health(): Promise<ItsmHealth> {
    const response = await this.api.getHealth();
    if (response.ok) {
      return response.json();
    }
    if (response.status === 503) {
      // A 503 without a health report (e.g. from a proxy) is an ordinary error.
      const report: unknown = await response
        .clone()
        .json()
        .catch(() => undefined);
      if (
        report &&
        typeof report === 'object' &&
        'status' in report &&
        report.status === 'error'
      ) {
        return report as ItsmOpenApi.HealthError;
      }
    }
    throw await ResponseError.fromResponse(response);
  }

  /** {@inheritDoc ItsmApi.listCabMeetings} */
  async listCabMeetings(query: CabMeetingQuery = {}): Promise<CabMeetingPage> {
    return json(this.api.listCabMeetings({ query }));
  }

  /** {@inheritDoc ItsmApi.createCabMeeting} */
  async createCabMeeting(body: CabMeetingCreateBody): Promise<CabMeeting> {
    return json(this.api.createCabMeeting({ body }));
  }

  /** {@inheritDoc ItsmApi.getCabMeeting} */
  async getCabMeeting(key: string): Promise<CabMeeting> {
    return json(this.api.getCabMeeting({ path: { key } }));
  }

  /** {@inheritDoc ItsmApi.putCabAgendaItem} */
  async putCabAgendaItem(
    key: string,
    body: CabAgendaBody,
  ): Promise<CabMeeting> {
    return json(this.api.putCabAgendaItem({ path: { key }, body }));
  }

  /** {@inheritDoc ItsmApi.voteCabMeeting} */
  async voteCabMeeting(key: string, body: CabVoteBody): Promise<CabMeeting> {
    return json(this.api.voteCabMeeting({ path: { key }, body }));
  }

  /** {@inheritDoc ItsmApi.closeCabMeeting} */
  async closeCabMeeting(key: string, body: CabCloseBody): Promise<CabMeeting> {
    return json(this.api.closeCabMeeting({ path: { key }, body }));
  }

  /** {@inheritDoc ItsmApi.getReleasePlan} */
  async getReleasePlan(key: string): Promise<ReleasePlan> {
    return json(this.api.getReleasePlan({ path: { key } }));
  }

  /** {@inheritDoc ItsmApi.addReleasePlanChange} */
  async addReleasePlanChange(
    key: string,
    body: ReleasePlanChangeBody,
  ): Promise<ReleasePlan> {
    return json(this.api.addReleasePlanChange({ path: { key }, body }));
  }
}
