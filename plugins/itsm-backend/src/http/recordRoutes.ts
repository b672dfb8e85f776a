import { listParams, recordType } from './queryParams';
import { RouteDeps } from './routeDeps';

/**
 * The operations every record type has (`/:type/...`): registered after the
 * routes of the processes, whose paths they would otherwise shadow.
 */
export function registerRecordRoutes({ router, services, caller }: RouteDeps) {
  router.get('/:type', async (req, res) => {
    const type = recordType(req);
    res.json(
      await services.records.list(
        type,
        listParams(req.query),
        await caller(req),
      ),
    );
  });
  router.post('/:type', async (req, res) => {
    const type = recordType(req);
    res
      .status(201)
      .json(await services.records.create(type, req.body, await caller(req)));
  });
  router.get('/:type/:idOrKey', async (req, res) => {
    const type = recordType(req);
    res.json(
      await services.records.get(type, req.params.idOrKey, await caller(req)),
    );
  });
  router.patch('/:type/:idOrKey', async (req, res) => {
    const type = recordType(req);
    res.json(
      await services.records.update(
        type,
        req.params.idOrKey,
        req.body,
        await caller(req),
      ),
    );
  });
  router.post('/:type/:idOrKey/transitions', async (req, res) => {
    const type = recordType(req);
    res.json(
      await services.records.transition(
        type,
        req.params.idOrKey,
        req.body,
        await caller(req),
      ),
    );
  });
  router.get('/:type/:idOrKey/history', async (req, res) => {
    const type = recordType(req);
    res.json(
      await services.records.history(
        type,
        req.params.idOrKey,
        await caller(req),
      ),
    );
  });
  router.get('/:type/:idOrKey/comments', async (req, res) => {
    const type = recordType(req);
    const { limit, cursor } = listParams(req.query, ['limit', 'cursor']);
    res.json(
      await services.records.comments(
        type,
        req.params.idOrKey,
        { limit, cursor },
        await caller(req),
      ),
    );
  });
  router.post('/:type/:idOrKey/comments', async (req, res) => {
    const type = recordType(req);
    res
      .status(201)
      .json(
        await services.records.addComment(
          type,
          req.params.idOrKey,
          req.body,
          await caller(req),
        ),
      );
  });
  router.post('/:type/:idOrKey/links', async (req, res) => {
    const type = recordType(req);
    res
      .status(201)
      .json(
        await services.records.addLink(
          type,
          req.params.idOrKey,
          req.body,
          await caller(req),
        ),
      );
  });
  router.delete('/:type/:idOrKey/links/:targetKey', async (req, res) => {
    const type = recordType(req);
    await services.records.removeLink(
      type,
      req.params.idOrKey,
      req.params.targetKey,
      await caller(req),
    );
    res.status(204).end();
  });
}
