import {
  CHANGE_TYPES,
  ITSM_RECORD_TYPES,
  PRIORITIES,
  RISK_LEVELS,
  STATE_MACHINES,
} from '@backstage-itsm/plugin-itsm-common';
import {
  collectRefs,
  deref,
  mergedObject,
  operations,
  pointer,
  resolve,
  SCHEMA_NAMES,
  SchemaNode,
  shadowedPaths,
  spec,
  specOperations,
} from '../__testUtils__/openapiSpec';

/*
 * Keeps openapi.yaml honest: it must be a well-formed OpenAPI 3 document and
 * its state enums must be the state machines' states. (That its request
 * bodies say what the zod schemas enforce: openapiBodies.test.ts.)
 */

describe('openapi.yaml', () => {
  describe('is a well-formed OpenAPI 3 document', () => {
    it('has the version, info and servers', () => {
      expect(spec.openapi).toBe('3.0.3');
      expect(spec.info.title).toEqual(expect.any(String));
      expect(spec.info.version).toMatch(/^\d+\.\d+\.\d+$/);
      // Relative to wherever the backend mounts the plugin, as the generated
      // router's validator needs it.
      expect(spec.servers).toEqual([expect.objectContaining({ url: '/' })]);
      expect(Object.keys(spec.paths).length).toBeGreaterThan(0);
    });

    it('resolves every $ref inside the document', () => {
      const refs: Array<[string, string]> = [];
      collectRefs(spec, '#', refs);
      expect(refs.length).toBeGreaterThan(50);
      const broken = refs.filter(([, ref]) => pointer(ref) === undefined);
      expect(broken).toEqual([]);
    });

    it('points every discriminator mapping and body mapping at a schema', () => {
      const targets: string[] = [];
      const walk = (node: unknown) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          const n = node as SchemaNode;
          targets.push(...Object.values(n.discriminator?.mapping ?? {}));
          targets.push(...Object.values(n['x-itsm-schema-by-type'] ?? {}));
          Object.values(node).forEach(walk);
        }
      };
      walk(spec);
      expect(targets.length).toBeGreaterThanOrEqual(15);
      expect(targets.filter(t => pointer(t) === undefined)).toEqual([]);
    });

    it('declares every path parameter, and only those', () => {
      for (const { path, method, op, pathParams } of operations()) {
        const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)]
          .map(m => m[1])
          .sort();
        const declared = [
          ...pathParams,
          ...(op.parameters ?? []).map(deref),
        ].filter(p => p.in === 'path');
        expect({
          op: `${method} ${path}`,
          params: declared.map(p => p.name).sort(),
        }).toEqual({
          op: `${method} ${path}`,
          params: inTemplate,
        });
        for (const param of declared) {
          expect({ param: param.name, required: param.required }).toEqual({
            param: param.name,
            required: true,
          });
          expect(param.schema).toBeDefined();
        }
      }
    });

    it('gives every operation a unique operationId and responses', () => {
      const ids = operations().map(({ op }) => op.operationId);
      expect(ids.every(id => typeof id === 'string' && id.length > 0)).toBe(
        true,
      );
      expect(new Set(ids).size).toBe(ids.length);
      for (const { path, method, op } of operations()) {
        const codes = Object.keys(op.responses ?? {});
        expect({
          op: `${method} ${path}`,
          ok: codes.some(c => /^2\d\d$/.test(c)),
        }).toEqual({
          op: `${method} ${path}`,
          ok: true,
        });
      }
    });

    it('needs a Backstage token everywhere except /health', () => {
      expect(spec.security).toEqual([{ BackstageToken: [] }]);
      expect(spec.components.securitySchemes.BackstageToken).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      for (const { path, method, op } of operations()) {
        const effective = op.security ?? spec.security;
        expect({
          op: `${method} ${path}`,
          open: effective?.length === 0,
        }).toEqual({
          op: `${method} ${path}`,
          open: path === '/health',
        });
        const errorCodes = Object.keys(op.responses ?? {}).filter(
          code => code === '401' || code === '403',
        );
        expect({ op: `${method} ${path}`, errorCodes }).toEqual({
          op: `${method} ${path}`,
          errorCodes: path === '/health' ? [] : ['401', '403'],
        });
      }
    });

    it('lists no path after a templated one that takes its requests', () => {
      // Tools that match paths in document order (the validating proxy of
      // wrapServer) must find /calendar before /{type}.
      const inOrder = operations().map(({ method, path }) => ({
        method,
        path,
      }));
      expect(shadowedPaths(inOrder)).toEqual([]);
      expect(
        shadowedPaths([
          { method: 'get', path: '/{type}' },
          { method: 'get', path: '/calendar' },
        ]),
      ).toEqual(['get /calendar comes after get /{type}']);
    });

    it('documents the operations of the contract', () => {
      expect(specOperations()).toEqual([
        { method: 'get', path: '/:type' },
        { method: 'post', path: '/:type' },
        { method: 'get', path: '/:type/:idOrKey' },
        { method: 'patch', path: '/:type/:idOrKey' },
        { method: 'get', path: '/:type/:idOrKey/comments' },
        { method: 'post', path: '/:type/:idOrKey/comments' },
        { method: 'get', path: '/:type/:idOrKey/history' },
        { method: 'post', path: '/:type/:idOrKey/links' },
        { method: 'delete', path: '/:type/:idOrKey/links/:targetKey' },
        { method: 'get', path: '/:type/:idOrKey/roles' },
        { method: 'post', path: '/:type/:idOrKey/transitions' },
        { method: 'get', path: '/availability' },
        { method: 'get', path: '/cab-meetings' },
        { method: 'post', path: '/cab-meetings' },
        { method: 'get', path: '/cab-meetings/:key' },
        { method: 'put', path: '/cab-meetings/:key/agenda' },
        { method: 'post', path: '/cab-meetings/:key/close' },
        { method: 'post', path: '/cab-meetings/:key/votes' },
        { method: 'get', path: '/calendar' },
        { method: 'get', path: '/change-templates' },
        { method: 'get', path: '/changes/:idOrKey/approvals' },
        { method: 'post', path: '/changes/:idOrKey/approvals' },
        { method: 'get', path: '/freeze-windows' },
        { method: 'post', path: '/freeze-windows' },
        { method: 'delete', path: '/freeze-windows/:id' },
        { method: 'get', path: '/health' },
        { method: 'get', path: '/impact' },
        {
          method: 'post',
          path: '/incidents/:idOrKey/escalation-acknowledgement',
        },
        { method: 'post', path: '/incidents/:idOrKey/escalation-decision' },
        { method: 'get', path: '/incidents/:idOrKey/sla' },
        { method: 'get', path: '/kpis' },
        { method: 'get', path: '/releases/:key/plan' },
        { method: 'post', path: '/releases/:key/plan' },
        { method: 'get', path: '/roles' },
        { method: 'get', path: '/slas/:idOrKey/report' },
        { method: 'post', path: '/slas/:idOrKey/signatures' },
        { method: 'get', path: '/work' },
      ]);
    });
  });

  describe('matches the state machines', () => {
    it('lists the record types', () => {
      expect(spec.components.schemas.RecordType.enum).toEqual([
        ...ITSM_RECORD_TYPES,
      ]);
      expect(
        resolve(spec.components.parameters.RecordTypeParam.schema!).schema.enum,
      ).toEqual([...ITSM_RECORD_TYPES]);
      const record = spec.components.schemas.Record;
      expect(record.discriminator?.propertyName).toBe('type');
      expect(record.discriminator?.mapping).toEqual(
        Object.fromEntries(
          ITSM_RECORD_TYPES.map(t => [
            t,
            `#/components/schemas/${SCHEMA_NAMES[t]}`,
          ]),
        ),
      );
      expect(record.oneOf?.map(o => o.$ref)).toEqual(
        ITSM_RECORD_TYPES.map(t => `#/components/schemas/${SCHEMA_NAMES[t]}`),
      );
    });

    it.each(ITSM_RECORD_TYPES.map(t => [t]))(
      '%s: state enum equals the machine states',
      type => {
        const name = SCHEMA_NAMES[type];
        const stateSchema = spec.components.schemas[`${name}State`];
        expect(stateSchema.enum).toEqual([...STATE_MACHINES[type].states]);

        const { properties, required } = mergedObject(name);
        expect(properties.state.$ref).toBe(`#/components/schemas/${name}State`);
        expect(properties.type.enum).toEqual([type]);
        expect(required.has('state')).toBe(true);
        expect(required.has('type')).toBe(true);
      },
    );

    it('lists the priorities', () => {
      expect(spec.components.schemas.Priority.enum).toEqual([...PRIORITIES]);
    });

    it('lists the change types and risk levels', () => {
      expect(spec.components.schemas.ChangeType.enum).toEqual([
        ...CHANGE_TYPES,
      ]);
      expect(spec.components.schemas.RiskLevel.enum).toEqual([...RISK_LEVELS]);
    });

    it('tells the record details apart by type, with approvals on changes', () => {
      const detail = spec.components.schemas.RecordDetail;
      const names = ITSM_RECORD_TYPES.map(t => `${SCHEMA_NAMES[t]}Detail`);
      expect(detail.discriminator?.propertyName).toBe('type');
      expect(detail.discriminator?.mapping).toEqual(
        Object.fromEntries(
          ITSM_RECORD_TYPES.map((t, i) => [
            t,
            `#/components/schemas/${names[i]}`,
          ]),
        ),
      );
      expect(detail.oneOf?.map(o => o.$ref)).toEqual(
        names.map(n => `#/components/schemas/${n}`),
      );
      ITSM_RECORD_TYPES.forEach((type, i) => {
        const { properties, required } = mergedObject(names[i]);
        expect(properties.type.enum).toEqual([type]);
        expect(required.has('links')).toBe(true);
        expect(required.has('approvals')).toBe(type === 'changes');
      });
    });
  });
});
