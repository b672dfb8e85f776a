/*
 * HTTP calls as a signed-in user, and latency statistics.
 */

export interface CallResult {
  status: number;
  ms: number;
  bytes: number;
  body: any;
  /** No answer within the timeout (status 0). */
  timedOut?: boolean;
}

/** Calls the backend with a user token; parses JSON answers. */
export class Api {
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    /** A call that takes longer is abandoned and counts as an error (status 0). */
    readonly timeoutMs = 120_000,
  ) {}

  /** A Backstage token for a catalog user from the development-only demo sign-in (README.md). */
  async token(userRef: string): Promise<string> {
    const known = this.tokens.get(userRef);
    if (known) return known;
    const res = await fetch(`${this.baseUrl}/api/auth/demo/refresh`, {
      headers: { 'x-itsm-demo-user': userRef },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok)
      throw new Error(
        `demo sign-in as ${userRef} failed: ${res.status} ${await res.text()}`,
      );
    const token = (await res.json()).backstageIdentity.token as string;
    this.tokens.set(userRef, token);
    return token;
  }

  async call(
    user: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<CallResult> {
    const token = await this.token(user);
    const started = performance.now();
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (error) {
      const ms = performance.now() - started;
      const timedOut = (error as Error).name === 'TimeoutError';
      const what = timedOut
        ? `no answer within ${this.timeoutMs / 1000} s`
        : String(error);
      return { status: 0, ms, bytes: 0, body: what, timedOut };
    }
    const ms = performance.now() - started;
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return {
      status: res.status,
      ms,
      bytes: Buffer.byteLength(text),
      body: parsed,
    };
  }
}

export interface Stats {
  n: number;
  errors: number;
  firstError?: string;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Completed requests per second over the measured span (at the run's concurrency). */
  throughput: number;
  meanBytes: number;
  seconds: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export interface MeasureOptions {
  warmup: number;
  iterations: number;
  concurrency: number;
  /** Stops measuring an operation after this long (it then reports fewer samples). */
  maxSeconds: number;
}

/**
 * Runs `call(i)` `warmup` times unmeasured, then `iterations` times measured
 * by `concurrency` clients; a non-2xx answer counts as an error (its latency
 * still counts).
 */
export async function measure(
  call: (i: number) => Promise<CallResult>,
  options: MeasureOptions,
): Promise<Stats> {
  let errors = 0;
  let firstError: string | undefined;
  const check = (r: CallResult) => {
    if (r.status >= 200 && r.status < 300) return;
    errors += 1;
    firstError ??= `${r.status} ${
      typeof r.body === 'string' ? r.body : JSON.stringify(r.body)
    }`.slice(0, 300);
  };
  // Warm-up stops early for an operation too slow to warm up within a quarter of its time.
  const warmupUntil = Date.now() + (options.maxSeconds * 1000) / 4;
  for (let i = 0; i < options.warmup && Date.now() < warmupUntil; i++)
    check(await call(i));
  const warmupErrors = errors;
  errors = 0;
  const latencies: number[] = [];
  let bytes = 0;
  let next = 0;
  const started = performance.now();
  const deadline = Date.now() + options.maxSeconds * 1000;
  const client = async () => {
    while (next < options.iterations && Date.now() < deadline) {
      const i = options.warmup + next++;
      const r = await call(i);
      check(r);
      latencies.push(r.ms);
      bytes += r.bytes;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    n: latencies.length,
    errors: errors + warmupErrors,
    firstError,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    throughput: latencies.length / Math.max(0.001, seconds),
    meanBytes: bytes / Math.max(1, latencies.length),
    seconds,
  };
}
