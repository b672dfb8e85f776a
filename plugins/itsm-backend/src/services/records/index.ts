import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { changeHandler } from './changes';
import { incidentHandler } from './incidents';
import { problemHandler } from './problems';
import { releaseHandler } from './releases';
import { slaHandler } from './slas';
import { TypeHandler } from './types';

/** The type-specific rules of each record type. */
export const HANDLERS: Record<ItsmRecordType, TypeHandler<any, any>> = {
  incidents: incidentHandler,
  problems: problemHandler,
  changes: changeHandler,
  releases: releaseHandler,
  slas: slaHandler,
};

export * from './types';
