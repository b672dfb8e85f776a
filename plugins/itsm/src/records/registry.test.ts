import {
  ITSM_RECORD_TYPES,
  ITSM_RECORD_TYPE_INFO,
} from '@backstage-itsm/plugin-itsm-common';
import { RECORD_TYPES, recordTypeDescriptor } from './registry';

describe('record type registry', () => {
  it('describes every record type, under its own name and labels', () => {
    expect(Object.keys(RECORD_TYPES).sort()).toEqual(
      [...ITSM_RECORD_TYPES].sort(),
    );
    for (const type of ITSM_RECORD_TYPES) {
      const descriptor = recordTypeDescriptor(type);
      expect(descriptor.type).toBe(type);
      expect(descriptor.info).toBe(ITSM_RECORD_TYPE_INFO[type]);
    }
  });

  it('gives incidents their priority and changes their calendar', () => {
    expect(
      ITSM_RECORD_TYPES.filter(t => recordTypeDescriptor(t).priorityFilter),
    ).toEqual(['incidents']);
    expect(
      recordTypeDescriptor('incidents').listColumns?.map(c => c.label),
    ).toEqual(['Priority']);
    expect(
      ITSM_RECORD_TYPES.filter(t => recordTypeDescriptor(t).calendar),
    ).toEqual(['changes']);
  });
});
