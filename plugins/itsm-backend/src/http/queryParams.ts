import { InputError, NotFoundError } from '@backstage/errors';
import {
  entityRefSchema,
  isItsmRecordType,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { Request } from 'express';
import { ListParams } from '../engine/RecordService';

/** The record type of a `/:type/...` path; 404 for anything else. */
export function recordType(req: Request): ItsmRecordType {
  const { type } = req.params;
  if (!isItsmRecordType(type)) {
    throw new NotFoundError(
      `No such ITSM record type "${type}"; use incidents, problems, changes, releases or slas`,
    );
  }
  return type;
}

const LIST_KEYS = [
  'entityRef',
  'state',
  'priority',
  'assignedGroup',
  'q',
  'limit',
  'cursor',
];

export function strings(value: unknown, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  if (
    !values.every(v => typeof v === 'string' && v.length > 0 && v.length <= 500)
  ) {
    throw new InputError(
      `${name}: must be a non-empty string (repeat the parameter for several)`,
    );
  }
  return values as string[];
}

/** One string query parameter, given at most once. */
export function single(value: unknown, name: string): string | undefined {
  const values = strings(value, name);
  if (values && values.length > 1)
    throw new InputError(`${name}: give it once`);
  return values?.[0];
}

/** Parses and checks the query of a list; unknown parameters are errors. */
export function listParams(
  query: Request['query'],
  allowed: string[] = LIST_KEYS,
): ListParams {
  const unknown = Object.keys(query).filter(k => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new InputError(
      `unknown query parameter(s) ${unknown.join(
        ', ',
      )}; allowed: ${allowed.join(', ')}`,
    );
  }
  const entityRefs = strings(query.entityRef, 'entityRef')?.map(ref => {
    const parsed = entityRefSchema.safeParse(ref);
    if (!parsed.success) {
      throw new InputError(
        `entityRef: "${ref}" is not an entity ref of the form kind:namespace/name`,
      );
    }
    return parsed.data;
  });
  const limitText = single(query.limit, 'limit');
  let limit: number | undefined;
  if (limitText !== undefined) {
    limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new InputError('limit: must be a whole number from 1 to 500');
    }
  }
  return {
    entityRefs,
    states: strings(query.state, 'state'),
    priorities: strings(query.priority, 'priority'),
    assignedGroups: strings(query.assignedGroup, 'assignedGroup')?.map(g =>
      g.toLocaleLowerCase('en-US'),
    ),
    q: single(query.q, 'q'),
    limit,
    cursor: single(query.cursor, 'cursor'),
  };
}
