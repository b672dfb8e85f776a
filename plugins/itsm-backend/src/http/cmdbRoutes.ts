import { InputError } from '@backstage/errors';
import { decodeCursor, encodeCursor } from '../store/rows';
import { withTitle } from './answers';
import { entityRefsOf } from './entityRefs';
import { RouteDeps } from './routeDeps';

const DEFAULT_LIMIT = 50;

/** Where a page of affected entities starts, from the cursor of the previous page. */
function impactOffsetOf(cursor: string): number {
  const parsed = decodeCursor(cursor);
  if (
    Object.keys(parsed).length !== 2 ||
    parsed.k !== 'impact' ||
    !Number.isInteger(parsed.o) ||
    (parsed.o as number) < 1
  ) {
    throw new InputError('cursor: is not a cursor of this answer');
  }
  return parsed.o as number;
}

/** Impact analysis on the catalog. */
export function registerCmdbRoutes({ router, services, caller }: RouteDeps) {
  router.get('/impact', async (req, res) => {
    const entityRefs = entityRefsOf(req.query.entityRef) ?? [];
    const limit = req.query.limit ?? DEFAULT_LIMIT;
    const offset =
      req.query.cursor !== undefined ? impactOffsetOf(req.query.cursor) : 0;
    const { credentials } = await caller(req);
    const impact = await services.impact.analyse(entityRefs, credentials);
    // Nearest first, in an order that holds from one request to the next.
    const affected = [...impact.affected].sort(
      (a, b) => a.depth - b.depth || a.entityRef.localeCompare(b.entityRef),
    );
    const page = affected.slice(offset, offset + limit);
    const next = offset + limit;
    res.json({
      ...impact,
      affected: page,
      affectedCount: affected.length,
      ...(next < affected.length
        ? { nextCursor: encodeCursor({ k: 'impact', o: next }) }
        : {}),
    });
  });
  router.get('/roles', async (req, res) => {
    const entityRef = req.query.entityRef.toLocaleLowerCase('en-US');
    const roles = await services.roles.entityRoles(
      entityRef,
      await caller(req),
    );
    res.json({ entityRef, roles: roles.map(withTitle) });
  });
}
