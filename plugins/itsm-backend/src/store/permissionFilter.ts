import { InputError } from '@backstage/errors';
import {
  AllOfCriteria,
  AnyOfCriteria,
  NotCriteria,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import { factQuery } from './facts';
import { Db, ENTITIES, OWNERS } from './rows';
import { RecordFilter } from './types';

/* Permission criteria -> SQL: the conditions of a conditional decision as a WHERE clause. */

function isAllOf(
  criteria: PermissionCriteria<RecordFilter>,
): criteria is AllOfCriteria<RecordFilter> {
  return Object.prototype.hasOwnProperty.call(criteria, 'allOf');
}

function isAnyOf(
  criteria: PermissionCriteria<RecordFilter>,
): criteria is AnyOfCriteria<RecordFilter> {
  return Object.prototype.hasOwnProperty.call(criteria, 'anyOf');
}

function isNot(
  criteria: PermissionCriteria<RecordFilter>,
): criteria is NotCriteria<RecordFilter> {
  return Object.prototype.hasOwnProperty.call(criteria, 'not');
}

/**
 * Adds the criteria as one parenthesised condition on `builder`, which
 * selects from `itsm_records as r`. Every condition is two-valued (never SQL
 * NULL), so `not` means exactly the complement.
 */
export function applyCriteria(
  db: Db,
  builder: Knex.QueryBuilder,
  criteria: PermissionCriteria<RecordFilter>,
): void {
  if (isAllOf(criteria)) {
    if (criteria.allOf.length === 0) {
      return;
    }
    builder.where(inner => {
      for (const sub of criteria.allOf) {
        inner.andWhere(b => applyCriteria(db, b, sub));
      }
    });
    return;
  }
  if (isAnyOf(criteria)) {
    if (criteria.anyOf.length === 0) {
      builder.whereRaw('1 = 0');
      return;
    }
    builder.where(inner => {
      for (const sub of criteria.anyOf) {
        inner.orWhere(b => applyCriteria(db, b, sub));
      }
    });
    return;
  }
  if (isNot(criteria)) {
    builder.whereNot(b => applyCriteria(db, b, criteria.not));
    return;
  }
  applyLeaf(db, builder, criteria);
}

function applyLeaf(
  db: Db,
  builder: Knex.QueryBuilder,
  filter: RecordFilter,
): void {
  const values = Array.isArray(filter.values)
    ? filter.values.filter((v): v is string => typeof v === 'string')
    : [];
  if (filter.property === 'entityRefOutside') {
    builder.whereExists(
      db
        .select(db.raw('1'))
        .from(`${ENTITIES} as pe`)
        .whereRaw('?? = ??', ['pe.record_id', 'r.id'])
        .whereNotIn('pe.entity_ref', values),
    );
    return;
  }
  if (values.length === 0) {
    builder.whereRaw('1 = 0');
    return;
  }
  switch (filter.property) {
    case 'createdBy':
      builder.whereIn('r.created_by', values);
      return;
    case 'assignedGroup':
      builder.where(b =>
        b.whereNotNull('r.assigned_group').whereIn('r.assigned_group', values),
      );
      return;
    case 'entityRef':
      builder.whereExists(
        db
          .select(db.raw('1'))
          .from(`${ENTITIES} as pe`)
          .whereRaw('?? = ??', ['pe.record_id', 'r.id'])
          .whereIn('pe.entity_ref', values),
      );
      return;
    case 'party':
      builder.whereExists(factQuery(db, 'party', values));
      return;
    case 'ownerRef':
      builder.whereExists(
        db
          .select(db.raw('1'))
          .from(`${OWNERS} as po`)
          .whereRaw('?? = ??', ['po.record_id', 'r.id'])
          .whereIn('po.owner_ref', values),
      );
      return;
    default: {
      const unknownFilter: never = filter;
      throw new InputError(
        `Unknown record filter ${JSON.stringify(unknownFilter)}`,
      );
    }
  }
}
