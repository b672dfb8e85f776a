import { idempotencyClaim } from '../engine/idempotency';
import { Incident } from '../schema/openapi';
import { reportCsv } from '../slas/reportCsv';
import {
  asAvailability,
  asIncidentSlaClocks,
  asSla,
  asSlaReport,
} from './answers';
import { RouteDeps } from './routeDeps';

/**
 * Availability, SLA clocks, escalation decisions, term reports and SLA
 * signatures.
 */
export function registerSlaRoutes({ router, services, caller }: RouteDeps) {
  router.get('/availability', async (req, res) => {
    const { entityRef, from, to, granularity } = req.query;
    const availability = await services.slas.availability(
      { entityRef, from, to, granularity },
      await caller(req),
    );
    res.json(asAvailability(availability));
  });
  router.get('/incidents/:idOrKey/sla', async (req, res) => {
    const clocks = await services.slas.incidentClocks(
      req.params.idOrKey,
      await caller(req),
    );
    res.json(asIncidentSlaClocks(clocks));
  });
  router.get('/slas/:idOrKey/report', async (req, res) => {
    const { term, format } = req.query;
    const report = await services.slas.report(
      req.params.idOrKey,
      term,
      await caller(req),
    );
    if (format === 'csv') {
      res
        .type('text/csv')
        .attachment(`${report.sla.key}-${report.term.label}.csv`)
        .send(reportCsv(report));
      return;
    }
    res.json(asSlaReport(report));
  });
  router.post('/incidents/:idOrKey/escalation-decision', async (req, res) => {
    const incident = await services.escalations.decide(
      req.params.idOrKey,
      req.body,
      await caller(req),
    );
    res.json(incident as Incident);
  });
  router.post(
    '/incidents/:idOrKey/escalation-acknowledgement',
    async (req, res) => {
      const who = await caller(req);
      const { idOrKey } = req.params;
      const incident = await services.escalations.acknowledge(
        idOrKey,
        req.body,
        who,
        {
          idempotency: idempotencyClaim(req.header('idempotency-key'), {
            caller: who.userRef,
            operation: `POST /incidents/${idOrKey.toUpperCase()}/escalation-acknowledgement`,
            body: req.body,
          }),
        },
      );
      res.json(incident as Incident);
    },
  );
  router.post('/slas/:idOrKey/signatures', async (req, res) => {
    const sla = await services.signatures.sign(
      req.params.idOrKey,
      req.body,
      await caller(req),
    );
    res.json(asSla(sla));
  });
}
