import { idempotencyClaim } from '../engine/idempotency';
import { internal } from '@backstage/backend-openapi-utils';
import { EndpointMap } from '../schema/openapi';
import { asRecord, asRecordDetail, asRecordPage, withTitle } from './answers';
import { entityRefsOf } from './entityRefs';
import { RouteDeps } from './routeDeps';
import { sendCsv } from './recordCsv';

/**
 * The operations every record type has (`/{type}/...`): registered after the
 * routes of the processes, whose paths they would otherwise shadow. The
 * validator has checked `type` against the record types, and the body of a
 * create or an update against the schema of that type (checkRecordBody).
 */
export function registerRecordRoutes({ router, services, caller }: RouteDeps) {
  router.get('/:type', async (req, res) => {
    const {
      entityRef,
      state,
      priority,
      assignedGroup,
      q,
      sort,
      limit,
      cursor,
    } = req.query;
    const who = await caller(req);
    let entityRefs = entityRefsOf(entityRef);
    // A System or Domain with its parts (its entity tab).
    if (entityRefs && req.query.includeParts) {
      entityRefs = await services.parts.withParts(entityRefs, who.credentials, {
        systems: true,
      });
    }
    const params = {
      entityRefs,
      states: state,
      priorities: priority,
      assignedGroups: assignedGroup?.map(g => g.toLocaleLowerCase('en-US')),
      q,
      sort,
    };
    if (req.query.format === 'csv') {
      const batches = services.records.listAll(req.params.type, params, who);
      await sendCsv(res, req.params.type, batches);
      return;
    }
    const page = await services.records.list(
      req.params.type,
      { ...params, limit, cursor },
      who,
    );
    res.json(asRecordPage(page));
  });
  router.post('/:type', async (req, res) => {
    const who = await caller(req);
    const record = await services.records.create(
      req.params.type,
      req.body,
      who,
      {
        idempotency: idempotencyClaim(req.header('idempotency-key'), {
          caller: who.userRef,
          operation: `POST /${req.params.type}`,
          body: req.body,
        }),
      },
    );
    res.status(201).json(asRecord(record));
  });
  router.get('/:type/:idOrKey', async (req, res) => {
    const { type, idOrKey } = req.params;
    const detail = await services.records.get(type, idOrKey, await caller(req));
    res.json(asRecordDetail(detail));
  });
  router.get('/:type/:idOrKey/roles', async (req, res) => {
    const { type, idOrKey } = req.params;
    const answer = await services.records.roles(
      type,
      idOrKey,
      await caller(req),
    );
    res.json({ ...answer, roles: answer.roles.map(withTitle) });
  });
  // The typed router types get, post, put and delete only.
  const updateRecord: internal.EndpointMapRequestHandler<
    EndpointMap,
    '/{type}/{idOrKey}',
    'patch'
  > = async (req, res) => {
    const { type, idOrKey } = req.params;
    const record = await services.records.update(
      type,
      idOrKey,
      req.body,
      await caller(req),
    );
    res.json(asRecord(record));
  };
  router.patch('/:type/:idOrKey', updateRecord);
  router.post('/:type/:idOrKey/transitions', async (req, res) => {
    const { type, idOrKey } = req.params;
    const who = await caller(req);
    const record = await services.records.transition(
      type,
      idOrKey,
      req.body,
      who,
      {
        idempotency: idempotencyClaim(req.header('idempotency-key'), {
          caller: who.userRef,
          operation: `POST /${type}/${idOrKey.toUpperCase()}/transitions`,
          body: req.body,
        }),
      },
    );
    res.json(asRecord(record));
  });
  router.get('/:type/:idOrKey/history', async (req, res) => {
    const { type, idOrKey } = req.params;
    res.json(await services.records.history(type, idOrKey, await caller(req)));
  });
  router.get('/:type/:idOrKey/comments', async (req, res) => {
    const { type, idOrKey } = req.params;
    const { limit, cursor } = req.query;
    res.json(
      await services.records.comments(
        type,
        idOrKey,
        { limit, cursor },
        await caller(req),
      ),
    );
  });
  router.post('/:type/:idOrKey/comments', async (req, res) => {
    const { type, idOrKey } = req.params;
    res
      .status(201)
      .json(
        await services.records.addComment(
          type,
          idOrKey,
          req.body,
          await caller(req),
        ),
      );
  });
  router.post('/:type/:idOrKey/links', async (req, res) => {
    const { type, idOrKey } = req.params;
    res
      .status(201)
      .json(
        await services.records.addLink(
          type,
          idOrKey,
          req.body,
          await caller(req),
        ),
      );
  });
  router.delete('/:type/:idOrKey/links/:targetKey', async (req, res) => {
    const { type, idOrKey, targetKey } = req.params;
    await services.records.removeLink(
      type,
      idOrKey,
      targetKey,
      await caller(req),
    );
    res.status(204).end();
  });
}
