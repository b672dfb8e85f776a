import { randomUUID } from 'node:crypto';
import { Api, CallResult } from '../../bench/lib/measure';

/*
 * The clients of the run: HTTP calls as a demo user to whichever instance is
 * up, and a write that a careful client makes: sent with an
 * Idempotency-Key and retried with the same key, on either instance, until
 * it is answered, so a write is acknowledged at most once whatever dies.
 */

export interface Answer {
  status: number;
  body: any;
  ms: number;
  /** Which instance answered (its base URL); undefined when none did. */
  via?: string;
}

/** Every answer the run got, by status (0: no answer, e.g. the instance died). */
export class Tally {
  readonly statuses = new Map<number, number>();
  requests = 0;
  /** Answers slower than 30 s: a hang. */
  hangs = 0;
  /** Requests a careless client gave up on sooner (`--break idempotency`). */
  abandoned = 0;
  /** Every answer with when it came. */
  readonly events: Array<{ at: number; status: number }> = [];
  add(status: number) {
    this.requests += 1;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    this.events.push({ at: Date.now(), status });
  }
  /** The answers between two instants, by status. */
  between(from: number, to: number): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.events) {
      if (e.at >= from && e.at <= to)
        counts[e.status] = (counts[e.status] ?? 0) + 1;
    }
    return counts;
  }
  count(from: number, to: number) {
    return [...this.statuses]
      .filter(([s]) => s >= from && s < to)
      .reduce((sum, [, n]) => sum + n, 0);
  }
  toJSON() {
    return {
      requests: this.requests,
      hangs: this.hangs,
      abandoned: this.abandoned,
      statuses: Object.fromEntries(
        [...this.statuses].sort((a, b) => a[0] - b[0]),
      ),
    };
  }
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** A request without an answer for this long hangs. */
export const HANG_MS = 30_000;

export class Client {
  constructor(
    /** The instances' base URLs; a call goes to the next one that is up. */
    private readonly instances: () => string[],
    readonly tally: Tally,
    private readonly timeoutMs = HANG_MS,
    /**
     * `--break idempotency`: a new key for every attempt, as a careless
     * client would send; the run must then find writes made twice.
     */
    private readonly newKeyEachAttempt = false,
  ) {}

  /** One bench client per instance: sign-in, timeout, JSON parsing. */
  private readonly apis = new Map<string, Api>();

  /** One call to one instance; network failures and timeouts answer status 0. */
  async callOn(
    baseUrl: string,
    user: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    let api = this.apis.get(baseUrl);
    if (!api) {
      api = new Api(baseUrl, this.timeoutMs);
      this.apis.set(baseUrl, api);
    }
    const started = performance.now();
    let result: CallResult;
    try {
      result = await api.call(user, method, `/api/itsm${path}`, body, headers);
    } catch (error) {
      // The sign-in failed: the instance is down or starting.
      result = {
        status: 0,
        ms: performance.now() - started,
        bytes: 0,
        body: String(error),
        timedOut: (error as Error).name === 'TimeoutError',
      };
    }
    if (result.timedOut) {
      // Only a wait of the full 30 s is a hang; an impatient client's
      // timeout says nothing about the server.
      if (this.timeoutMs >= HANG_MS) this.tally.hangs += 1;
      else this.tally.abandoned += 1;
    }
    this.tally.add(result.status);
    return {
      status: result.status,
      body: result.body,
      ms: result.ms,
      ...(result.status !== 0 ? { via: baseUrl } : {}),
    };
  }

  private turn = 0;

  /** One call to the next instance in turn. */
  async call(
    user: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const up = this.instances();
    if (up.length === 0) {
      await sleep(500);
      return { status: 0, body: 'no instance is up', ms: 0 };
    }
    const baseUrl = up[this.turn++ % up.length];
    return this.callOn(baseUrl, user, method, path, body, headers);
  }

  /**
   * A write sent with one Idempotency-Key until it is answered: retried on
   * no answer, 5xx and "in use by a request still running" (409), on
   * whichever instance is up, until `deadline`. Returns the final answer
   * and how many attempts it took.
   */
  async write(
    user: string,
    method: string,
    path: string,
    body: unknown,
    deadline: number,
    key = randomUUID(),
  ): Promise<Answer & { attempts: number; key: string }> {
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const answer = await this.call(user, method, path, body, {
        'idempotency-key': this.newKeyEachAttempt ? randomUUID() : key,
      });
      const retry =
        answer.status === 0 ||
        answer.status >= 500 ||
        (answer.status === 409 &&
          /still running/.test(JSON.stringify(answer.body)));
      if (!retry || Date.now() > deadline) {
        return { ...answer, attempts, key };
      }
      await sleep(Math.min(2000, 100 * attempts));
    }
  }
}
