import { AMARA, LUKAS } from './fixtures';
import { startItsm } from './itsmTestBackend';
import { ItsmTestDatabase } from './itsmTestDatabase';
import { SuiteBackendOptions, suiteBackends } from './suiteBackends';

/*
 * Short-hands of the lifecycle tests: the life of every record type, driven
 * through the REST API alone, and the domain rules of the ITSM process model
 * (guards, effects, reasons, roles). Each rule has a test that fails when the
 * server stops enforcing it.
 */

export type Agent = Awaited<ReturnType<typeof startItsm>>['as'];

export interface HistoryItem {
  action: string;
  field: string | null;
  from: unknown;
  to: unknown;
  actor: string;
}

/** Short-hands over the REST API for one test backend. */
export function api(as: Agent) {
  /** GET a record (with links, and approvals for changes). */
  const get = async (path: string) => {
    const res = await as().get(path);
    expect(res.status).toBe(200);
    return res.body;
  };
  /** POST a transition with the record's current version. */
  const move = async (
    path: string,
    to: string,
    extra: Record<string, unknown> = {},
    user = AMARA,
  ) => {
    const { version } = await get(path);
    return as(user).post(`${path}/transitions`, { to, version, ...extra });
  };
  /** A transition that must succeed; answers the record. */
  const moveOk = async (
    path: string,
    to: string,
    extra: Record<string, unknown> = {},
    user = AMARA,
  ) => {
    const res = await move(path, to, extra, user);
    if (res.status !== 200) {
      throw new Error(
        `${path} -> ${to} answered ${res.status}: ${JSON.stringify(
          res.body?.error?.message ?? res.body,
        )}`,
      );
    }
    expect(res.body.state).toBe(to);
    return res.body;
  };
  /** PATCH with the record's current version. */
  const patch = async (
    path: string,
    body: Record<string, unknown>,
    user = AMARA,
  ) => {
    const { version } = await get(path);
    return as(user).patch(path, { version, ...body });
  };
  const create = async (
    type: string,
    body: Record<string, unknown>,
    user = AMARA,
  ) => {
    const res = await as(user).post(`/${type}`, body);
    if (res.status !== 201) {
      throw new Error(
        `create ${type} answered ${res.status}: ${JSON.stringify(res.body)}`,
      );
    }
    return res.body;
  };
  const history = async (path: string): Promise<HistoryItem[]> =>
    (await get(`${path}/history`)).items;
  const stateMoves = async (path: string) =>
    (await history(path))
      .filter(e => e.field === 'state')
      .map(e => [e.action, e.from, e.to]);
  const reasons = async (path: string) =>
    (await history(path))
      .filter(e => e.field === 'reason')
      .map(e => [e.action, e.to]);
  const linkKeys = async (path: string) =>
    ((await get(path)).links as Array<{ key: string }>).map(l => l.key);
  const approve = (
    key: string,
    user: string,
    body: Record<string, unknown> = {},
  ) =>
    as(user).post(`/changes/${key}/approvals`, {
      decision: 'approve',
      ...body,
    });

  /**
   * Takes a normal change created by amara from draft to scheduled: submit,
   * register for planning, request approval, lukas approves.
   */
  const changeToScheduled = async (key: string) => {
    const path = `/changes/${key}`;
    await moveOk(path, 'review');
    await moveOk(path, 'planning');
    await moveOk(path, 'approval');
    const res = await approve(key, LUKAS);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('scheduled');
  };
  /** ... and on to closed with the given outcome. */
  const changeToClosed = async (key: string, outcome = 'successful') => {
    const path = `/changes/${key}`;
    await changeToScheduled(key);
    await moveOk(path, 'implementing');
    await moveOk(path, 'verifying');
    return moveOk(path, 'closed', { outcome });
  };

  return {
    get,
    move,
    moveOk,
    patch,
    create,
    history,
    stateMoves,
    reasons,
    linkKeys,
    approve,
    changeToScheduled,
    changeToClosed,
  };
}

/** Expects a 409 whose message matches, and that the record did not move. */
export async function expectConflict(
  res: {
    status: number;
    body: { error?: { name?: string; message?: string } };
  },
  message: RegExp,
) {
  expect(res.body?.error?.message).toMatch(message);
  expect(res.status).toBe(409);
  expect(res.body.error?.name).toBe('ConflictError');
}

/** Expects a 403 naming the role (its message matches), the action refused. */
export async function expectForbidden(
  res: {
    status: number;
    body: { error?: { name?: string; message?: string } };
  },
  message: RegExp,
) {
  expect(res.body?.error?.message).toMatch(message);
  expect(res.status).toBe(403);
  expect(res.body.error?.name).toBe('NotAllowedError');
}

/**
 * Starts test backends on the suite's database (shared per set of options,
 * see suiteBackends) with the short-hands of {@link api}.
 */
export function lifecycleBackends(db: ItsmTestDatabase) {
  const backends = suiteBackends(db);
  return async (options: SuiteBackendOptions = {}) => {
    const started = await backends(options);
    return { ...started, ...api(started.as) };
  };
}
