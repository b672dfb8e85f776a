import {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  entityRefSchema,
  isItsmRecordType,
  itsmFreezeManagePermission,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { HealthService } from './services/HealthService';
import { ListParams, RecordService } from './services/RecordService';
import { Caller } from './services/records';
import { ChangeCalendar } from './services/ChangeCalendar';
import { FreezeWindowService } from './services/FreezeWindowService';
import { ImpactService } from './services/ImpactService';
import { RecordAuthorizer } from './services/RecordAuthorizer';
import { SlaService } from './services/SlaService';
import { reportCsv } from './services/reportCsv';
import { parseInstant } from './services/recordUtils';

/** Largest request body the API accepts. */
export const MAX_BODY = '256kb';

/**
 * The HTTP surface of the plugin (documented in src/schema/openapi.yaml).
 * It only translates between HTTP and the services; the rules live in the
 * services.
 */
export async function createRouter(options: {
  health: HealthService;
  records: RecordService;
  impact: ImpactService;
  freezes: FreezeWindowService;
  calendar: ChangeCalendar;
  slas: SlaService;
  authorizer: RecordAuthorizer;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
}): Promise<express.Router> {
  const {
    health,
    records,
    impact,
    freezes,
    calendar,
    slas,
    authorizer,
    httpAuth,
    userInfo,
  } = options;
  const router = Router();
  router.use(express.json({ limit: MAX_BODY }));

  const caller = async (req: Request): Promise<Caller> => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const info = await userInfo.getUserInfo(credentials);
    const lower = (s: string) => s.toLocaleLowerCase('en-US');
    return {
      credentials,
      userRef: lower(info.userEntityRef),
      claims: Array.from(
        new Set([info.userEntityRef, ...info.ownershipEntityRefs].map(lower)),
      ),
    };
  };

  router.get('/health', async (_req, res) => {
    const report = await health.report();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });

  router.get('/impact', async (req, res) => {
    const { entityRefs } = listParams(req.query, ['entityRef']);
    if (!entityRefs?.length)
      throw new InputError('entityRef: at least one is required');
    const { credentials } = await caller(req);
    res.json(await impact.analyse(entityRefs, credentials));
  });
  router.get('/calendar', async (req, res) => {
    const { entityRefs } = listParams(req.query, ['entityRef', 'from', 'to']);
    const { credentials } = await caller(req);
    res.json(
      await calendar.get(
        {
          from: single(req.query.from, 'from'),
          to: single(req.query.to, 'to'),
          entityRefs,
        },
        credentials,
      ),
    );
  });
  router.get('/availability', async (req, res) => {
    listParams(req.query, ['entityRef', 'from', 'to', 'granularity']);
    res.json(
      await slas.availability(
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
    res.json(await slas.incidentClocks(req.params.idOrKey, await caller(req)));
  });
  router.get('/slas/:idOrKey/report', async (req, res) => {
    listParams(req.query, ['term', 'format']);
    const format = single(req.query.format, 'format') ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw new InputError('format: must be json or csv');
    const report = await slas.report(
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
      items: await freezes.list(
        new Date(from).toISOString(),
        new Date(to).toISOString(),
      ),
    });
  });
  router.post('/freeze-windows', async (req, res) => {
    const { credentials, userRef } = await caller(req);
    await authorizer.assertAllowed(itsmFreezeManagePermission, credentials);
    res.status(201).json(await freezes.create(req.body, userRef));
  });
  router.delete('/freeze-windows/:id', async (req, res) => {
    const { credentials } = await caller(req);
    await authorizer.assertAllowed(itsmFreezeManagePermission, credentials);
    await freezes.delete(req.params.id);
    res.status(204).end();
  });

  router.post('/changes/:idOrKey/approvals', async (req, res) => {
    res.json(
      await records.decideApproval(
        req.params.idOrKey,
        req.body,
        await caller(req),
      ),
    );
  });
  router.get('/changes/:idOrKey/approvals', async (req, res) => {
    res.json(await records.approvals(req.params.idOrKey, await caller(req)));
  });
  router.post('/slas/:idOrKey/signatures', async (req, res) => {
    res.json(
      await records.sign(req.params.idOrKey, req.body, await caller(req)),
    );
  });

  router.get('/:type', async (req, res) => {
    const type = recordType(req);
    res.json(
      await records.list(type, listParams(req.query), await caller(req)),
    );
  });
  router.post('/:type', async (req, res) => {
    const type = recordType(req);
    res
      .status(201)
      .json(await records.create(type, req.body, await caller(req)));
  });
  router.get('/:type/:idOrKey', async (req, res) => {
    const type = recordType(req);
    res.json(await records.get(type, req.params.idOrKey, await caller(req)));
  });
  router.patch('/:type/:idOrKey', async (req, res) => {
    const type = recordType(req);
    res.json(
      await records.update(
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
      await records.transition(
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
      await records.history(type, req.params.idOrKey, await caller(req)),
    );
  });
  router.get('/:type/:idOrKey/comments', async (req, res) => {
    const type = recordType(req);
    const { limit, cursor } = listParams(req.query, ['limit', 'cursor']);
    res.json(
      await records.comments(
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
        await records.addComment(
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
        await records.addLink(
          type,
          req.params.idOrKey,
          req.body,
          await caller(req),
        ),
      );
  });
  router.delete('/:type/:idOrKey/links/:targetKey', async (req, res) => {
    const type = recordType(req);
    await records.removeLink(
      type,
      req.params.idOrKey,
      req.params.targetKey,
      await caller(req),
    );
    res.status(204).end();
  });

  // Body parser failures get a message that says what is wrong.
  router.use(
    (error: unknown, _req: Request, _res: Response, next: NextFunction) => {
      const type = (error as { type?: string })?.type;
      if (type === 'entity.parse.failed') {
        next(
          new InputError(
            `The request body is not valid JSON: ${(error as Error).message}`,
          ),
        );
        return;
      }
      next(error);
    },
  );

  return router;
}

function recordType(req: Request): ItsmRecordType {
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

function strings(value: unknown, name: string): string[] | undefined {
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

function single(value: unknown, name: string): string | undefined {
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
