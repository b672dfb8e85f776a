import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  Change,
  ItsmComment,
  ItsmPage,
  ItsmRecordType,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import type {
  ApprovalBody,
  AvailabilityQuery,
  AvailabilityResponse,
  ChangeCalendarQuery,
  ChangeCalendarResponse,
  CommentBody,
  CreateRecordBody,
  ImpactResponse,
  IncidentSlaResponse,
  ItsmApi,
  ItsmChangeApprovals,
  ItsmHealth,
  ItsmHistory,
  ItsmLinks,
  LinkBody,
  ListQuery,
  PageQuery,
  RecordDetail,
  RecordOf,
  SignatureBody,
  SlaReport,
  TransitionBody,
  UpdateRecordBody,
} from './ItsmApi';

type QueryValue = string | number | readonly (string | number)[] | undefined;

type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Builds a query string (with leading `?`, or empty) in which array values
 * become repeated parameters: `{ state: ['new', 'assigned'] }` gives
 * `?state=new&state=assigned`. Undefined values and empty arrays are left out.
 */
function queryString(query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const values: readonly (string | number)[] = Array.isArray(value)
      ? value
      : [value as string | number];
    for (const v of values) params.append(name, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Encodes each path segment, so keys and ids never break the URL. */
function segments(...parts: string[]): string {
  return parts.map(part => `/${encodeURIComponent(part)}`).join('');
}

/**
 * The browser client of the ITSM backend, implementing {@link ItsmApi} over
 * `fetchApi` (which adds the user's Backstage token) against the base URL
 * discovery gives for the `itsm` plugin.
 *
 * @public
 */
export class ItsmClient implements ItsmApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  /**
   * @param options - `discoveryApi` resolves the backend base URL,
   * `fetchApi` sends the requests.
   */
  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** {@inheritDoc ItsmApi.listRecords} */
  async listRecords<T extends ItsmRecordType>(
    type: T,
    query: ListQuery = {},
  ): Promise<ItsmPage<RecordOf<T>>> {
    return this.request('GET', segments(type), {
      query: {
        entityRef: query.entityRef,
        state: query.state,
        priority: query.priority,
        assignedGroup: query.assignedGroup,
        q: query.q,
        limit: query.limit,
        cursor: query.cursor,
      },
    });
  }

  /** {@inheritDoc ItsmApi.getRecord} */
  async getRecord<T extends ItsmRecordType>(
    type: T,
    idOrKey: string,
  ): Promise<RecordDetail<T>> {
    return this.request('GET', segments(type, idOrKey));
  }

  /** {@inheritDoc ItsmApi.createRecord} */
  async createRecord<T extends ItsmRecordType>(
    type: T,
    body: CreateRecordBody<T>,
  ): Promise<RecordOf<T>> {
    return this.request('POST', segments(type), { body });
  }

  /** {@inheritDoc ItsmApi.updateRecord} */
  async updateRecord<T extends ItsmRecordType>(
    type: T,
    idOrKey: string,
    body: UpdateRecordBody<T>,
  ): Promise<RecordOf<T>> {
    return this.request('PATCH', segments(type, idOrKey), { body });
  }

  /** {@inheritDoc ItsmApi.transition} */
  async transition<T extends ItsmRecordType>(
    type: T,
    idOrKey: string,
    body: TransitionBody,
  ): Promise<RecordOf<T>> {
    return this.request('POST', `${segments(type, idOrKey)}/transitions`, {
      body,
    });
  }

  /** {@inheritDoc ItsmApi.getHistory} */
  async getHistory(
    type: ItsmRecordType,
    idOrKey: string,
  ): Promise<ItsmHistory> {
    return this.request('GET', `${segments(type, idOrKey)}/history`);
  }

  /** {@inheritDoc ItsmApi.listComments} */
  async listComments(
    type: ItsmRecordType,
    idOrKey: string,
    query: PageQuery = {},
  ): Promise<ItsmPage<ItsmComment>> {
    return this.request('GET', `${segments(type, idOrKey)}/comments`, {
      query: { limit: query.limit, cursor: query.cursor },
    });
  }

  /** {@inheritDoc ItsmApi.addComment} */
  async addComment(
    type: ItsmRecordType,
    idOrKey: string,
    body: CommentBody,
  ): Promise<ItsmComment> {
    return this.request('POST', `${segments(type, idOrKey)}/comments`, {
      body,
    });
  }

  /** {@inheritDoc ItsmApi.addLink} */
  async addLink(
    type: ItsmRecordType,
    idOrKey: string,
    body: LinkBody,
  ): Promise<ItsmLinks> {
    return this.request('POST', `${segments(type, idOrKey)}/links`, { body });
  }

  /** {@inheritDoc ItsmApi.removeLink} */
  async removeLink(
    type: ItsmRecordType,
    idOrKey: string,
    targetKey: string,
  ): Promise<void> {
    await this.request<void>(
      'DELETE',
      `${segments(type, idOrKey)}/links${segments(targetKey)}`,
    );
  }

  /** {@inheritDoc ItsmApi.decideApproval} */
  async decideApproval(idOrKey: string, body: ApprovalBody): Promise<Change> {
    return this.request('POST', `${segments('changes', idOrKey)}/approvals`, {
      body,
    });
  }

  /** {@inheritDoc ItsmApi.getApprovals} */
  async getApprovals(idOrKey: string): Promise<ItsmChangeApprovals> {
    return this.request('GET', `${segments('changes', idOrKey)}/approvals`);
  }

  /** {@inheritDoc ItsmApi.sign} */
  async sign(idOrKey: string, body: SignatureBody): Promise<Sla> {
    return this.request('POST', `${segments('slas', idOrKey)}/signatures`, {
      body,
    });
  }

  /** {@inheritDoc ItsmApi.getAvailability} */
  async getAvailability(
    query: AvailabilityQuery,
  ): Promise<AvailabilityResponse> {
    return this.request('GET', '/availability', {
      query: {
        entityRef: query.entityRef,
        from: query.from,
        to: query.to,
        granularity: query.granularity,
      },
    });
  }

  /** {@inheritDoc ItsmApi.getImpact} */
  async getImpact(entityRefs: string[]): Promise<ImpactResponse> {
    return this.request('GET', '/impact', { query: { entityRef: entityRefs } });
  }

  /** {@inheritDoc ItsmApi.getChangeCalendar} */
  async getChangeCalendar(
    query: ChangeCalendarQuery,
  ): Promise<ChangeCalendarResponse> {
    return this.request('GET', '/calendar', {
      query: { from: query.from, to: query.to, entityRef: query.entityRef },
    });
  }

  /** {@inheritDoc ItsmApi.getIncidentSla} */
  async getIncidentSla(idOrKey: string): Promise<IncidentSlaResponse> {
    return this.request('GET', `${segments('incidents', idOrKey)}/sla`);
  }

  /** {@inheritDoc ItsmApi.getSlaReport} */
  async getSlaReport(idOrKey: string, term: string): Promise<SlaReport> {
    return this.request('GET', `${segments('slas', idOrKey)}/report`, {
      query: { term, format: 'json' },
    });
  }

  /** {@inheritDoc ItsmApi.downloadSlaReportCsv} */
  async downloadSlaReportCsv(idOrKey: string, term: string): Promise<Blob> {
    const response = await this.send(
      'GET',
      `${segments('slas', idOrKey)}/report`,
      { query: { term, format: 'csv' } },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.blob();
  }

  /** {@inheritDoc ItsmApi.health} */
  async health(): Promise<ItsmHealth> {
    const response = await this.send('GET', '/health');
    if (response.ok) {
      return (await response.json()) as ItsmHealth;
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
        return report as ItsmHealth;
      }
    }
    throw await ResponseError.fromResponse(response);
  }

  /**
   * Sends a request and answers the parsed JSON body, or `undefined` for a
   * 204. Rejects non-2xx answers with a `ResponseError`.
   */
  private async request<R>(
    method: HttpMethod,
    path: string,
    options: { query?: Record<string, QueryValue>; body?: unknown } = {},
  ): Promise<R> {
    const response = await this.send(method, path, options);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) {
      return undefined as R;
    }
    return (await response.json()) as R;
  }

  private async send(
    method: HttpMethod,
    path: string,
    options: { query?: Record<string, QueryValue>; body?: unknown } = {},
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('itsm');
    const url = `${baseUrl}${path}${queryString(options.query)}`;
    const init: RequestInit = { method };
    if (options.body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(options.body);
    }
    return this.fetchApi.fetch(url, init);
  }
}
