import {
  DEFAULT_RECORD_SORT,
  isRecordSort,
  nextRecordSort,
  parseRecordSort,
  RECORD_SORTS,
} from './listSort';

describe('record list orders', () => {
  it('names each field ascending and descending, newest first by default', () => {
    expect(RECORD_SORTS).toHaveLength(12);
    expect(RECORD_SORTS).toContain('-priority');
    expect(DEFAULT_RECORD_SORT).toBe('-key');
    expect(isRecordSort('title')).toBe(true);
    expect(isRecordSort('--title')).toBe(false);
    expect(isRecordSort('size')).toBe(false);
    expect(parseRecordSort('-updatedAt')).toEqual({
      field: 'updatedAt',
      descending: true,
    });
  });

  it('reverses the active column and starts a new one in its natural direction', () => {
    expect(nextRecordSort('-key', 'key')).toBe('key');
    expect(nextRecordSort('key', 'key')).toBe('-key');
    expect(nextRecordSort('-key', 'priority')).toBe('priority');
    expect(nextRecordSort('priority', 'priority')).toBe('-priority');
    expect(nextRecordSort('title', 'updatedAt')).toBe('-updatedAt');
  });
});
