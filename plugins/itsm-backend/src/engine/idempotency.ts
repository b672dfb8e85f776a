import { createHash } from 'node:crypto';
import { ConflictError, InputError } from '@backstage/errors';
import { ItsmRecord } from '@backstage-itsm/plugin-itsm-common';
import { ItsmStore, ItsmStoreTransaction } from '../store/types';

/**
 * A write sent with an `Idempotency-Key` header: who sent it, the key, the
 * operation (method and path) and a hash of its body. The write records its
 * answer under the key in its own transaction; a retry gets that answer.
 */
export interface IdempotencyClaim {
  caller: string;
  key: string;
  operation: string;
  requestHash: string;
}

/** Keys are 1 to 200 visible ASCII characters (a UUID fits). */
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** JSON with object keys sorted, so that equal bodies hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(
        k =>
          `${JSON.stringify(k)}:${canonical(
            (value as Record<string, unknown>)[k],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The claim of a request, or undefined without the header; a malformed key
 * answers 400 naming the header.
 */
export function idempotencyClaim(
  header: string | string[] | undefined,
  request: { caller: string; operation: string; body: unknown },
): IdempotencyClaim | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header.join(',') : header;
  if (!KEY_PATTERN.test(key)) {
    throw new InputError(
      'Idempotency-Key: must be 1 to 200 visible ASCII characters, e.g. a UUID',
    );
  }
  return {
    caller: request.caller,
    key,
    operation: request.operation,
    requestHash: createHash('sha256')
      .update(canonical(request.body))
      .digest('hex'),
  };
}

/** Thrown inside a write's transaction when another write holds its key. */
class KeyTaken extends Error {}

/**
 * Runs a write at most once per idempotency key: a key answered before
 * (within a day) replays that answer; a key used for another request is
 * refused (409); otherwise the write runs and, through `claimIn`, records
 * its answer in its own transaction. When a concurrent write took the key
 * first, this one rolls back and replays that write's answer.
 */
export async function idempotentWrite(
  store: Pick<ItsmStore, 'idempotency'>,
  claim: IdempotencyClaim | undefined,
  now: string,
  write: (
    claimIn?: (tx: ItsmStoreTransaction, answer: ItsmRecord) => Promise<void>,
  ) => Promise<ItsmRecord>,
  status = 200,
): Promise<ItsmRecord> {
  if (!claim) return write();
  const replay = async () => {
    const entry = await store.idempotency.find(claim.caller, claim.key, now);
    if (!entry) return undefined;
    if (
      entry.operation !== claim.operation ||
      entry.requestHash !== claim.requestHash
    ) {
      throw new ConflictError(
        `Idempotency-Key: ${claim.key} was used for a different request (${entry.operation}); use a new key for a new request`,
      );
    }
    return JSON.parse(entry.answer) as ItsmRecord;
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return await write(async (tx, answer) => {
      const claimed = await tx.idempotency.claim({
        ...claim,
        status,
        answer: JSON.stringify(answer),
        createdAt: now,
      });
      if (!claimed) throw new KeyTaken();
    });
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
    const winner = await replay();
    if (!winner) {
      throw new ConflictError(
        `Idempotency-Key: ${claim.key} is in use by a request still running; retry`,
      );
    }
    return winner;
  }
}
