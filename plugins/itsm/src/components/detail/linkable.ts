import {
  ITSM_RECORD_TYPE_INFO,
  ItsmRecordType,
  linkableTypes,
} from '@backstage-itsm/plugin-itsm-common';

/**
 * `problems (PRB-n), changes (CHG-n)`: what a record of `type` links to
 * (itsm-common's `linkableTypes`), in the words of the pages.
 */
export function describeLinkTargets(type: ItsmRecordType): string {
  return linkableTypes(type)
    .map(
      t =>
        `${ITSM_RECORD_TYPE_INFO[t].plural.toLocaleLowerCase('en-US')} (${
          ITSM_RECORD_TYPE_INFO[t].keyPrefix
        }-n)`,
    )
    .join(', ');
}
