import fs from 'fs';
import knexFactory from 'knex';
import path from 'path';
import { itsmServices } from './__testUtils__/itsmServices';

/** Every `describeGuard('name'` / `describeEffect('name'` block of the backend's tests. */
function testedRules(): { guards: Set<string>; effects: Set<string> } {
  const found = { guards: new Set<string>(), effects: new Set<string>() };
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.ts') && full !== __filename) {
        const text = fs.readFileSync(full, 'utf8');
        for (const m of text.matchAll(
          /\bdescribe(Guard|Effect)\(\s*['"](\w+)['"]/g,
        )) {
          found[m[1] === 'Guard' ? 'guards' : 'effects'].add(m[2]);
        }
      }
    }
  };
  walk(__dirname);
  return found;
}

describe('the process registry', () => {
  // The registry is built without touching the database.
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  afterAll(() => knex.destroy());
  const { registry } = itsmServices({ knex, now: new Date() });
  const tested = testedRules();

  it('has unit tests for every guard (describeGuard in a test next to it)', () => {
    const guards = Object.keys(registry.guards).sort();
    expect(guards.length).toBeGreaterThan(0);
    expect(guards.filter(g => !tested.guards.has(g))).toEqual([]);
    expect([...tested.guards].filter(g => !guards.includes(g))).toEqual([]);
  });

  it('has unit tests for every effect (describeEffect in a test next to it)', () => {
    const effects = Object.keys(registry.effects).sort();
    expect(effects.length).toBeGreaterThan(0);
    expect(effects.filter(e => !tested.effects.has(e))).toEqual([]);
    expect([...tested.effects].filter(e => !effects.includes(e))).toEqual([]);
  });

  it('runs the guards and effects of the process folders and the engine', () => {
    expect(Object.keys(registry.guards)).toEqual(
      expect.arrayContaining([
        'hasAssignmentGroup',
        'changeGate',
        'approvalsComplete',
      ]),
    );
    expect(Object.keys(registry.effects)).toEqual(
      expect.arrayContaining([
        'notifyRequester',
        'createOrLinkChange',
        'notifyCab',
      ]),
    );
  });
});
