import { itsmFreezeManagePermission } from '@backstage-itsm/plugin-itsm-common';
import { parseInstant } from '../engine/recordUtils';
import { listParams, single } from './queryParams';
import { RouteDeps } from './routeDeps';

/** The change calendar, freeze windows and change approvals. */
export function registerChangeRoutes({ router, services, caller }: RouteDeps) {
  router.get('/calendar', async (req, res) => {
    const { entityRefs } = listParams(req.query, ['entityRef', 'from', 'to']);
    const { credentials } = await caller(req);
    res.json(
      await services.calendar.get(
        {
          from: single(req.query.from, 'from'),
          to: single(req.query.to, 'to'),
          entityRefs,
        },
        credentials,
      ),
    );
  });

  router.get('/freeze-windows', async (req, res) => {
    listParams(req.query, ['from', 'to']);
    await caller(req);
    // Default: the year ahead.
    const from = req.query.from
      ? parseInstant(single(req.query.from, 'from'), 'from')
      : Date.now();
    const to = req.query.to
      ? parseInstant(single(req.query.to, 'to'), 'to')
      : from + 365 * 86_400_000;
    res.json({
      items: await services.freezes.list(
        new Date(from).toISOString(),
        new Date(to).toISOString(),
      ),
    });
  });
  router.post('/freeze-windows', async (req, res) => {
    const { credentials, userRef } = await caller(req);
    await services.authorizer.assertAllowed(
      itsmFreezeManagePermission,
      credentials,
    );
    res.status(201).json(await services.freezes.create(req.body, userRef));
  });
  router.delete('/freeze-windows/:id', async (req, res) => {
    const { credentials } = await caller(req);
    await services.authorizer.assertAllowed(
      itsmFreezeManagePermission,
      credentials,
    );
    await services.freezes.delete(req.params.id);
    res.status(204).end();
  });

  router.post('/changes/:idOrKey/approvals', async (req, res) => {
    res.json(
      await services.approvals.decideApproval(
        req.params.idOrKey,
        req.body,
        await caller(req),
      ),
    );
  });
  router.get('/changes/:idOrKey/approvals', async (req, res) => {
    res.json(
      await services.approvals.approvals(req.params.idOrKey, await caller(req)),
    );
  });
}
