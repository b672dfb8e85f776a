import { useMemo } from 'react';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { readDangerThreshold } from '@backstage-itsm/plugin-itsm-common';

/**
 * The share of a target's budget after which it counts as in danger
 * (`itsm.sla.dangerThreshold`, 0.75 by default), read from the app's
 * config. A value outside (0, 1) throws, naming the key.
 */
export function useDangerThreshold(): number {
  const config = useApi(configApiRef);
  return useMemo(() => readDangerThreshold(config), [config]);
}
