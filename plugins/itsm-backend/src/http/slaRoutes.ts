import { InputError } from '@backstage/errors';
import { reportCsv } from '../slas/reportCsv';
import { listParams, single } from './queryParams';
import { RouteDeps } from './routeDeps';

/** Availability, SLA clocks, term reports and SLA signatures. */
export function registerSlaRoutes({ router, services, caller }: RouteDeps) {
  router.get('/availability', async (req, res) => {
    listParams(req.query, ['entityRef', 'from', 'to', 'granularity']);
    res.json(
      await services.slas.availability(
        {
          entityRef: single(req.query.entityRef, 'entityRef'),
          from: single(req.query.from, 'from'),
          to: single(req.query.to, 'to'),
          granularity: single(req.query.granularity, 'granularity'),
        },
        await caller(req),
      ),
    );
  });
  router.get('/incidents/:idOrKey/sla', async (req, res) => {
    res.json(
      await services.slas.incidentClocks(req.params.idOrKey, await caller(req)),
    );
  });
  router.get('/slas/:idOrKey/report', async (req, res) => {
    listParams(req.query, ['term', 'format']);
    const format = single(req.query.format, 'format') ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw new InputError('format: must be json or csv');
    const report = await services.slas.report(
      req.params.idOrKey,
      single(req.query.term, 'term'),
      await caller(req),
    );
    if (format === 'csv') {
      res
        .type('text/csv')
        .attachment(`${report.sla.key}-${report.term.label}.csv`)
        .send(reportCsv(report));
      return;
    }
    res.json(report);
  });
  router.post('/slas/:idOrKey/signatures', async (req, res) => {
    res.json(
      await services.signatures.sign(
        req.params.idOrKey,
        req.body,
        await caller(req),
      ),
    );
  });
}
