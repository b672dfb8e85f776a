import { itsmFreezeManagePermission } from '@backstage-itsm/plugin-itsm-common';
import { parseInstant } from '../engine/recordUtils';
import { asChange, asChangeCalendar } from './answers';
import { entityRefsOf } from './entityRefs';
import { RouteDeps } from './routeDeps';

/** The change calendar, freeze windows and change approvals. */
export function registerChangeRoutes({ router, services, caller }: RouteDeps) {
  router.get('/calendar', async (req, res) => {
    const { from, to, entityRef } = req.query;
    const entityRefs = entityRefsOf(entityRef);
    const { credentials } = await caller(req);
    res.json(
      asChangeCalendar(
        await services.calendar.get({ from, to, entityRefs }, credentials),
      ),
    );
  });

  // The catalogue of standard change templates: any signed-in user files a
  // standard change from it.
  router.get('/change-templates', async (req, res) => {
    await caller(req);
    res.json({ items: services.standardTemplates });
  });

  router.get('/freeze-windows', async (req, res) => {
    await caller(req);
    // Default: the year ahead.
    const from = req.query.from
      ? parseInstant(req.query.from, 'from')
      : Date.now();
    const to = req.query.to
      ? parseInstant(req.query.to, 'to')
      : from + 365 * 86_400_000;
    res.json({
      items: await services.freezes.list(
        new Date(from).toISOString(),
        new Date(to).toISOString(),
      ),
    });
  });
  // Freeze windows: the itsm.freeze.manage permission and the change
  // manager of the window's scope (FreezeWindowService.assertManages).
  router.post('/freeze-windows', async (req, res) => {
    const who = await caller(req);
    await services.authorizer.assertAllowed(
      itsmFreezeManagePermission,
      who.credentials,
    );
    res
      .status(201)
      .json(await services.freezes.create(req.body, who, services.roles));
  });
  router.delete('/freeze-windows/:id', async (req, res) => {
    const who = await caller(req);
    await services.authorizer.assertAllowed(
      itsmFreezeManagePermission,
      who.credentials,
    );
    await services.freezes.delete(req.params.id, who, services.roles);
    res.status(204).end();
  });

  router.post('/changes/:idOrKey/approvals', async (req, res) => {
    const change = await services.approvals.decideApproval(
      req.params.idOrKey,
      req.body,
      await caller(req),
    );
    res.json(asChange(change));
  });
  router.get('/changes/:idOrKey/approvals', async (req, res) => {
    res.json(
      await services.approvals.approvals(req.params.idOrKey, await caller(req)),
    );
  });
}
