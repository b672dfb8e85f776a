// The contract between the frontend's API types and the API document
// (plugins/itsm-backend/src/schema/openapi.yaml, whose models itsm-common
// exports generated as `ItsmOpenApi`). Type-level only: `yarn tsc` checks it,
// jest never runs it (it is no *.test.ts).
//
// For every answer the frontend types itself, what the document promises
// must fit the frontend's type (`Reads`); for every body it sends, the body
// must be one the document takes (`Sends`). A difference is reported as a
// path, e.g. `getAvailability answer.series[].from: may be null or missing`.
// `KNOWN_GAPS` pins the differences of today, each with the side to fix, so
// any new drift (or a fixed gap) fails `yarn tsc` and names the path.
import type {
  ItsmComment,
  ItsmOpenApi,
  ItsmPage,
  ItsmRecordPage,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import type {
  ApprovalBody,
  AvailabilityResponse,
  ChangeCalendarQuery,
  ChangeCalendarResponse,
  CommentBody,
  CreateRecordBody,
  EscalationAcknowledgementBody,
  EscalationDecisionBody,
  IncidentSlaResponse,
  ItsmChangeApprovals,
  ItsmEntityRoles,
  ItsmHistory,
  ItsmKpis,
  ItsmLinks,
  ItsmRecordRoles,
  KpiQuery,
  LinkBody,
  ListQuery,
  RecordDetail,
  RecordOf,
  SignatureBody,
  SlaReport,
  TransitionBody,
  UpdateRecordBody,
  WorkQuery,
} from './ItsmApi';

// ---------------------------------------------------------------------------
// The vocabulary of the checks.

/** Compiles only for `true`; anything else is shown in the error. */
type Holds<T extends true> = T;

/** `true` when the two unions of messages are the same, else what differs. */
type Same<A, B> = [Exclude<A, B> | Exclude<B, A>] extends [never]
  ? true
  : Exclude<A, B> | Exclude<B, A>;

type Join<P extends string, K extends string> = `${P}.${K}`;

/** The keys of any member of a union. */
type KeysOf<T> = T extends unknown ? keyof T : never;

/** The type of `K` in any member of a union that has it. */
type ValueOf<T, K> = T extends unknown
  ? K extends keyof T
    ? T[K]
    : never
  : never;

/**
 * Paths at which a value of `From` is no value of `To` (`From` flows into
 * `To`): a field `To` needs that `From` lacks or may leave out, or a type
 * that differs.
 */
type Misfits<To, From, P extends string> = [From] extends [To]
  ? never
  : [NonNullable<From>] extends [NonNullable<To>]
  ? `${P}: may be null or missing`
  : [NonNullable<To>, NonNullable<From>] extends [
      readonly (infer T)[],
      readonly (infer F)[],
    ]
  ? Misfits<T, F, `${P}[]`>
  : [NonNullable<To>, NonNullable<From>] extends [object, object]
  ? OrHere<FieldMisfits<NonNullable<To>, NonNullable<From>, P>, P>
  : `${P}: differs`;

type FieldMisfits<To, From, P extends string> = {
  [K in keyof To & string]-?: K extends KeysOf<From>
    ? Misfits<To[K], ValueOf<From, K>, Join<P, K>>
    : undefined extends To[K]
    ? never
    : `${Join<P, K>}: missing`;
}[keyof To & string];

type OrHere<Paths, P extends string> = [Paths] extends [never]
  ? `${P}: differs`
  : Paths;

/**
 * Fields of `Mine` that `Doc` does not declare (all of them, or only the
 * optional ones when `Required` reports the others already).
 */
type Undeclared<
  Mine,
  Doc,
  P extends string,
  All extends boolean,
> = unknown extends Doc
  ? never
  : UndeclaredIn<NonNullable<Mine>, NonNullable<Doc>, P, All>;

type UndeclaredIn<
  Mine,
  Doc,
  P extends string,
  All extends boolean,
> = Mine extends readonly (infer M)[]
  ? [Doc] extends [readonly (infer D)[]]
    ? Undeclared<M, D, `${P}[]`, All>
    : never
  : Mine extends object
  ? [Doc] extends [object]
    ? {
        [K in keyof Mine & string]-?: K extends KeysOf<Doc>
          ? Undeclared<Mine[K], ValueOf<Doc, K>, Join<P, K>, All>
          : All extends true
          ? `${Join<P, K>}: not in the document`
          : undefined extends Mine[K]
          ? `${Join<P, K>}: not in the document`
          : never;
      }[keyof Mine & string]
    : never
  : never;

/**
 * What differs when the frontend reads an answer the document declares as
 * `Doc` with its type `Mine`; `never` when nothing does.
 */
type Reads<Op extends string, Mine, Doc> = string extends keyof Doc
  ? `${Op} answer: left open by the document`
  :
      | Misfits<Mine, Doc, `${Op} answer`>
      | Undeclared<Mine, Doc, `${Op} answer`, false>;

/**
 * What differs when the frontend sends `Mine` where the document takes
 * `Doc`; `never` when nothing does.
 */
type Sends<Op extends string, Mine, Doc> =
  | Misfits<Doc, Mine, `${Op} body`>
  | Undeclared<Mine, Doc, `${Op} body`, true>;

/** What differs in the names of a query's parameters. */
type Asks<Op extends string, Mine, Doc> = Undeclared<
  Mine,
  Doc,
  `${Op} query`,
  true
>;

// The vocabulary finds what it should: a field left out, made optional or
// nullable, typed differently, or unknown to the document.
export type VocabularyFindsDrift = [
  Holds<Same<Reads<'op', { a: string }, { a: string; b: 1 }>, never>>,
  Holds<Same<Reads<'op', { a: string }, {}>, 'op answer.a: missing'>>,
  Holds<
    Same<
      Reads<'op', { a: { b: string }[] }, { a: { b?: string }[] }>,
      'op answer.a[].b: may be null or missing'
    >
  >,
  Holds<
    Same<Reads<'op', { a: 'x' | 'y' }, { a: string }>, 'op answer.a: differs'>
  >,
  Holds<
    Same<
      Reads<'op', { a: string; b?: number }, { a: string }>,
      'op answer.b: not in the document'
    >
  >,
  Holds<
    Same<
      Sends<'op', { a: string; b?: number }, { a?: string | null }>,
      'op body.b: not in the document'
    >
  >,
  Holds<
    Same<
      Sends<'op', { a?: string }, { a: string }>,
      'op body.a: may be null or missing'
    >
  >,
];

// ---------------------------------------------------------------------------
// The operations.

type Client = ItsmOpenApi.DefaultApiClient;

/** What the operation `Op` answers, as the document declares it. */
type Answer<Op extends keyof Client> = Awaited<
  ReturnType<Awaited<ReturnType<Client[Op]>>['json']>
>;

/** What the operation `Op` takes: its path, query and body. */
type Request<Op extends keyof Client> = NonNullable<Parameters<Client[Op]>[0]>;

/** The document's model of a record of type `T`. */
type DocRecord<T extends ItsmRecordType> = Extract<
  ItsmOpenApi.Record,
  { type: T }
>;

/** The document's bodies of `POST /{type}` and `PATCH /{type}/{idOrKey}`. */
interface DocBodies {
  incidents: [ItsmOpenApi.IncidentCreate, ItsmOpenApi.IncidentUpdate];
  problems: [ItsmOpenApi.ProblemCreate, ItsmOpenApi.ProblemUpdate];
  changes: [ItsmOpenApi.ChangeCreate, ItsmOpenApi.ChangeUpdate];
  releases: [ItsmOpenApi.ReleaseCreate, ItsmOpenApi.ReleaseUpdate];
  slas: [ItsmOpenApi.SlaCreate, ItsmOpenApi.SlaUpdate];
}

/** The document's model of `GET /{type}/{idOrKey}` for a record of type `T`. */
type DocRecordDetail<T extends ItsmRecordType> = Extract<
  Answer<'getRecord'>,
  { type: T }
>;

/**
 * What differs for records of type `T`. The document types a record by the
 * `type` in its body only, so the record is checked once per type against
 * that type's model: it is what `createRecord`, `updateRecord`,
 * `transition` (and, for changes, SLAs and incidents, `decideApproval`,
 * `sign` and `decideEscalation`) answer, and the items of `listRecords`.
 * The envelopes of `listRecords` and `getRecord` are checked beside it.
 */
type RecordOperations<T extends ItsmRecordType> =
  | Reads<`record(${T})`, RecordOf<T>, DocRecord<T>>
  | Reads<
      `getRecord(${T})`,
      Omit<RecordDetail<T>, keyof RecordOf<T>>,
      Omit<DocRecordDetail<T>, keyof DocRecord<T>>
    >
  | Sends<`createRecord(${T})`, CreateRecordBody<T>, DocBodies[T][0]>
  | Sends<`updateRecord(${T})`, UpdateRecordBody<T>, DocBodies[T][1]>;

/** Every difference between the frontend's API types and the document. */
export type ContractGaps =
  | { [T in ItsmRecordType]: RecordOperations<T> }[ItsmRecordType]
  | Reads<
      'listRecords',
      Omit<ItsmRecordPage<unknown>, 'items'>,
      // format=csv answers text instead; the JSON page is what a list reads.
      Omit<Exclude<Answer<'listRecords'>, string>, 'items'>
    >
  | Asks<'listRecords', ListQuery, Request<'listRecords'>['query']>
  | Asks<'getMyWork', WorkQuery, Request<'getMyWork'>['query']>
  | Reads<
      'getMyWork',
      Omit<ItsmRecordPage<unknown>, 'items'>,
      Omit<Answer<'getMyWork'>, 'items'>
    >
  | Sends<'transition', TransitionBody, Request<'transition'>['body']>
  | Reads<'getHistory', ItsmHistory, Answer<'getHistory'>>
  | Reads<'listComments', ItsmPage<ItsmComment>, Answer<'listComments'>>
  | Sends<'addComment', CommentBody, Request<'addComment'>['body']>
  | Reads<'addComment', ItsmComment, Answer<'addComment'>>
  | Sends<'addLink', LinkBody, Request<'addLink'>['body']>
  | Reads<'addLink', ItsmLinks, Answer<'addLink'>>
  | Sends<'decideApproval', ApprovalBody, Request<'decideApproval'>['body']>
  | Reads<'getApprovals', ItsmChangeApprovals, Answer<'getApprovals'>>
  | Sends<'sign', SignatureBody, Request<'sign'>['body']>
  | Reads<'getAvailability', AvailabilityResponse, Answer<'getAvailability'>>
  | Asks<
      'getChangeCalendar',
      ChangeCalendarQuery,
      Request<'getChangeCalendar'>['query']
    >
  | Reads<
      'getChangeCalendar',
      ChangeCalendarResponse,
      Answer<'getChangeCalendar'>
    >
  | Reads<
      'getIncidentSlaClocks',
      IncidentSlaResponse,
      Answer<'getIncidentSlaClocks'>
    >
  | Sends<
      'decideEscalation',
      EscalationDecisionBody,
      Request<'decideEscalation'>['body']
    >
  | Sends<
      'acknowledgeEscalation',
      EscalationAcknowledgementBody,
      NonNullable<Request<'acknowledgeEscalation'>['body']>
    >
  | Reads<'getSlaReport', SlaReport, Exclude<Answer<'getSlaReport'>, string>>
  | Asks<'getKpis', KpiQuery, Request<'getKpis'>['query']>
  | Reads<'getKpis', ItsmKpis, Answer<'getKpis'>>
  | Reads<'getEntityRoles', ItsmEntityRoles, Answer<'getEntityRoles'>>
  | Reads<'getRecordRoles', ItsmRecordRoles, Answer<'getRecordRoles'>>;

/**
 * The differences of today: none. Each gap the frontend bridged (with a
 * cast in `ItsmClient`, or by reading an optional field) was closed where it
 * lived: openapi.yaml now says what the backend answers, and the record
 * types of itsm-common what the document says. A new difference must be
 * fixed the same way, not listed here.
 */
type KNOWN_GAPS = never;

/**
 * Compiles while the differences are exactly the known ones; otherwise the
 * error names each difference that is new (or each gap that was fixed).
 */
export type ContractHolds = Holds<Same<ContractGaps, KNOWN_GAPS>>;
