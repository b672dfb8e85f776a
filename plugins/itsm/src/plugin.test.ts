import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import {
  EntityAvailabilityCard,
  EntityItsmContent,
  EntityOpenIncidentsCard,
  isItsmAvailable,
  itsmApiRef,
  ItsmPage,
  itsmPlugin,
} from './index';
import newSystemPlugin, {
  itsmApi,
  itsmAvailabilityCard,
  itsmEntityContent,
  itsmOpenIncidentsCard,
  itsmPage,
} from './alpha';
import { rootRouteRef } from './routes';

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('itsm frontend plugin (legacy)', () => {
  it('exports a plugin with a routable page', () => {
    expect(itsmPlugin.getId()).toBe('itsm');
    expect(ItsmPage).toBeDefined();
    expect(itsmPlugin.routes.root).toBe(rootRouteRef);
  });

  it('provides the ITSM client', () => {
    const apis = [...itsmPlugin.getApis()];
    expect(apis.map(factory => factory.api.id)).toEqual([itsmApiRef.id]);
    expect(apis[0].api).toBe(itsmApiRef);
    expect(Object.keys(apis[0].deps).sort()).toEqual([
      'discoveryApi',
      'fetchApi',
    ]);
  });

  it('exports the entity tab, the cards and their condition', () => {
    expect(EntityItsmContent).toBeDefined();
    expect(EntityAvailabilityCard).toBeDefined();
    expect(EntityOpenIncidentsCard).toBeDefined();
    expect(isItsmAvailable(entity('Component'))).toBe(true);
    expect(isItsmAvailable(entity('Group'))).toBe(false);
  });
});

describe('itsm frontend plugin (new frontend system)', () => {
  it('has the itsm id and title', () => {
    expect(newSystemPlugin.pluginId).toBe('itsm');
    expect(newSystemPlugin.title).toBe('ITSM');
    expect(newSystemPlugin.routes.root).toBe(rootRouteRef);
  });

  it('contains the page, the API, the entity content and two entity cards', () => {
    expect(newSystemPlugin.getExtension('page:itsm')).toBeDefined();
    expect(newSystemPlugin.getExtension('api:itsm')).toBeDefined();
    expect(
      newSystemPlugin.getExtension('entity-content:itsm/itsm'),
    ).toBeDefined();
    expect(
      newSystemPlugin.getExtension('entity-card:itsm/availability'),
    ).toBeDefined();
    expect(
      newSystemPlugin.getExtension('entity-card:itsm/open-incidents'),
    ).toBeDefined();
  });

  it('mounts the page at /itsm with its title and icon (the sidebar entry)', () => {
    const tester = createExtensionTester(itsmPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/itsm');
    expect(tester.get(coreExtensionData.title)).toBe('ITSM');
    expect(tester.get(coreExtensionData.icon)).toBeTruthy();
    expect(tester.get(coreExtensionData.routeRef)).toBe(rootRouteRef);
  });

  it('provides the ITSM client through an ApiBlueprint', () => {
    const factory = createExtensionTester(itsmApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe('plugin.itsm.api');
  });

  it('adds an "ITSM" tab at itsm on components, systems, resources and APIs', () => {
    const tester = createExtensionTester(itsmEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('itsm');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('ITSM');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    for (const kind of ['Component', 'System', 'Resource', 'API']) {
      expect(filter(entity(kind))).toBe(true);
    }
    for (const kind of ['Group', 'User', 'Domain', 'Location', 'Template']) {
      expect(filter(entity(kind))).toBe(false);
    }
  });

  it('adds the availability and open-incidents cards to the same entities', () => {
    const filters = [
      createExtensionTester(itsmAvailabilityCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      )!,
      createExtensionTester(itsmOpenIncidentsCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      )!,
    ];
    for (const filter of filters) {
      expect(filter(entity('Component'))).toBe(true);
      expect(filter(entity('API'))).toBe(true);
      expect(filter(entity('Group'))).toBe(false);
    }
  });
});
