import { itsmCabMeetingReadPermission } from '@backstage-itsm/plugin-itsm-common';
import { Caller } from '../engine/types';
import { RouteDeps } from './routeDeps';

/**
 * CAB meetings of a service (docs/release-management.md). Reading them needs
 * the permission itsm.cab-meeting.read (403 otherwise); each write checks its
 * role in the service (CabMeetingService).
 */
export function registerCabRoutes({ router, services, caller }: RouteDeps) {
  const mayRead = (who: Caller) =>
    services.authorizer.assertAllowed(
      itsmCabMeetingReadPermission,
      who.credentials,
      'read CAB meetings',
    );
  router.get('/cab-meetings', async (req, res) => {
    await mayRead(await caller(req));
    res.json(await services.cab.list(req.query));
  });
  router.post('/cab-meetings', async (req, res) => {
    const who = await caller(req);
    res.status(201).json(await services.cab.create(req.body, who));
  });
  router.get('/cab-meetings/:key', async (req, res) => {
    const who = await caller(req);
    await mayRead(who);
    res.json(await services.cab.get(req.params.key, who));
  });
  router.put('/cab-meetings/:key/agenda', async (req, res) => {
    const who = await caller(req);
    res.json(await services.cab.putOnAgenda(req.params.key, req.body, who));
  });
  router.post('/cab-meetings/:key/votes', async (req, res) => {
    const who = await caller(req);
    res.json(await services.cab.vote(req.params.key, req.body, who));
  });
  router.post('/cab-meetings/:key/close', async (req, res) => {
    const who = await caller(req);
    res.json(await services.cab.close(req.params.key, req.body, who));
  });
}
