import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
} from '@backstage/frontend-test-utils';
import { MockFetchApi } from '@backstage/test-utils';
import { itsmApiFactory } from './factory';
import { itsmApiRef } from './ItsmApi';
import { ItsmClient } from './ItsmClient';

describe('itsmApiFactory', () => {
  it('builds an ItsmClient from discovery and fetch', () => {
    expect(itsmApiFactory.api).toBe(itsmApiRef);
    expect(Object.keys(itsmApiFactory.deps).sort()).toEqual([
      'discoveryApi',
      'fetchApi',
    ]);
    const client = itsmApiFactory.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi: new MockFetchApi(),
    });
    expect(client).toBeInstanceOf(ItsmClient);
  });

  it('is accepted by the new frontend system ApiBlueprint', () => {
    // itsmApiRef comes from core-plugin-api's createApiRef; the new system
    // must recognise it as an ApiRef with the plugin's id.
    expect(itsmApiRef.id).toBe('plugin.itsm.api');
    expect((itsmApiRef as { $$type?: string }).$$type).toBe(
      '@backstage/ApiRef',
    );
    const extension = ApiBlueprint.make({
      name: 'test',
      params: defineParams => defineParams(itsmApiFactory),
    });
    const factory = createExtensionTester(extension).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe('plugin.itsm.api');
    expect(
      factory.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: new MockFetchApi(),
      }),
    ).toBeInstanceOf(ItsmClient);
  });
});
