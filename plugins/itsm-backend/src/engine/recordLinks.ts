import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ItsmRecordLink,
  ItsmRecordType,
  itsmRecordUpdatePermission,
  linkSchema,
  newLinkRefusal,
  orderLink,
} from '@backstage-itsm/plugin-itsm-common';
import { RecordEngine } from './RecordEngine';
import { parseInput, toLink } from './recordUtils';
import { Caller } from './types';

/** Links a record to another (POST .../links); both get a history entry. */
export async function addRecordLink(
  engine: RecordEngine,
  type: ItsmRecordType,
  idOrKey: string,
  body: unknown,
  caller: Caller,
): Promise<{ links: ItsmRecordLink[] }> {
  const input = parseInput(linkSchema, body);
  const now = engine.now();
  return engine.audited(
    'link-create',
    { type, idOrKey, target: input.target },
    async () => {
      const recordId = await engine.store.transaction(async tx => {
        const record = await engine.writable(
          tx,
          type,
          idOrKey,
          caller,
          itsmRecordUpdatePermission,
        );
        const other = await engine.requireByKey(tx, input.target, 'target');
        // Types that do not link answer 400 (engine.link) before any 409.
        const refusal = orderLink(record, other)
          ? newLinkRefusal(record, other)
          : undefined;
        if (refusal) throw new ConflictError(refusal);
        await engine.link(tx, record, other, caller, now);
        await tx.appendHistory(record.id, [
          {
            at: now,
            actor: caller.userRef,
            action: 'linked',
            field: other.type,
            from: null,
            to: other.key,
          },
        ]);
        await tx.appendHistory(other.id, [
          {
            at: now,
            actor: caller.userRef,
            action: 'linked',
            field: record.type,
            from: null,
            to: record.key,
          },
        ]);
        return record.id;
      });
      return { links: (await engine.linkedRecords(recordId)).map(toLink) };
    },
  );
}

/** Removes the link between two records (DELETE .../links/:targetKey). */
export async function removeRecordLink(
  engine: RecordEngine,
  type: ItsmRecordType,
  idOrKey: string,
  targetKey: string,
  caller: Caller,
): Promise<void> {
  const now = engine.now();
  await engine.audited(
    'link-delete',
    { type, idOrKey, target: targetKey },
    async () =>
      engine.store.transaction(async tx => {
        const record = await engine.writable(
          tx,
          type,
          idOrKey,
          caller,
          itsmRecordUpdatePermission,
        );
        const other = await engine.requireByKey(tx, targetKey, 'targetKey');
        const direction = orderLink(record, other);
        const existing = direction
          ? (await tx.listLinks(record.id)).find(
              l => l.fromId === direction.from.id && l.toId === direction.to.id,
            )
          : undefined;
        if (!direction || !existing) {
          throw new NotFoundError(
            `${record.key} is not linked to ${other.key}`,
          );
        }
        await tx.removeLink(direction.from.id, direction.to.id, direction.kind);
        await tx.appendHistory(record.id, [
          {
            at: now,
            actor: caller.userRef,
            action: 'unlinked',
            field: other.type,
            from: other.key,
            to: null,
          },
        ]);
        await tx.appendHistory(other.id, [
          {
            at: now,
            actor: caller.userRef,
            action: 'unlinked',
            field: record.type,
            from: record.key,
            to: null,
          },
        ]);
      }),
  );
}
