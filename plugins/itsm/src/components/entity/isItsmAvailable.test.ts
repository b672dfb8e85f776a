import { isItsmAvailable } from './isItsmAvailable';
import { entityOfKind } from '../../__testUtils__/records';

describe('isItsmAvailable', () => {
  it.each(['Component', 'System', 'Resource', 'API'])(
    'is true for a %s (a CI that can have incidents and changes)',
    kind => {
      expect(isItsmAvailable(entityOfKind(kind))).toBe(true);
    },
  );

  it.each(['Group', 'User', 'Domain', 'Location', 'Template'])(
    'is false for a %s',
    kind => {
      expect(isItsmAvailable(entityOfKind(kind))).toBe(false);
    },
  );

  it('ignores the case of the kind', () => {
    expect(isItsmAvailable(entityOfKind('component'))).toBe(true);
    expect(isItsmAvailable(entityOfKind('Api'))).toBe(true);
  });
});
