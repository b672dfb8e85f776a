import {
  ITSM_RECORD_TYPES,
  ITSM_RECORD_TYPE_INFO,
  isItsmRecordType,
  recordTypeOfKey,
} from './recordTypes';

describe('record types', () => {
  it('describes every record type with a distinct key prefix', () => {
    const prefixes = ITSM_RECORD_TYPES.map(
      t => ITSM_RECORD_TYPE_INFO[t].keyPrefix,
    );
    expect(prefixes).toEqual(['INC', 'PRB', 'CHG', 'REL', 'SLA']);
    for (const type of ITSM_RECORD_TYPES) {
      expect(ITSM_RECORD_TYPE_INFO[type].type).toBe(type);
    }
  });

  it('recognises record types and nothing else', () => {
    expect(isItsmRecordType('incidents')).toBe(true);
    expect(isItsmRecordType('slas')).toBe(true);
    expect(isItsmRecordType('incident')).toBe(false);
    expect(isItsmRecordType(undefined)).toBe(false);
    expect(isItsmRecordType('constructor')).toBe(false);
  });
});

describe('recordTypeOfKey', () => {
  it('reads the type from the key prefix', () => {
    expect(recordTypeOfKey('INC-4')).toBe('incidents');
    expect(recordTypeOfKey('chg-12')).toBe('changes');
    expect(recordTypeOfKey('SLA-1')).toBe('slas');
    expect(recordTypeOfKey('TICKET-1')).toBeUndefined();
    expect(recordTypeOfKey('')).toBeUndefined();
  });
});
