import { itsmPlugin, ItsmPage } from './plugin';
import newSystemPlugin from './alpha';

describe('itsm frontend plugin', () => {
  it('exports a legacy plugin with a routable page', () => {
    expect(itsmPlugin.getId()).toBe('itsm');
    expect(ItsmPage).toBeDefined();
  });

  it('exports a new frontend system plugin with the itsm id', () => {
    expect(newSystemPlugin.pluginId).toBe('itsm');
    expect(newSystemPlugin.title).toBe('ITSM');
  });
});
