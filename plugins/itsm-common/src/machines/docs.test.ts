import fs from 'fs';
import path from 'path';
import { ITSM_RECORD_TYPES } from '../recordTypes';
import {
  RELEASE_MACHINE,
  SLA_MACHINE,
  STATE_MACHINES,
  toMermaid,
  toTransitionTable,
} from './index';

describe('docs/state-machines.md', () => {
  const docPath = path.resolve(__dirname, '../../../../docs/state-machines.md');
  const doc = fs.readFileSync(docPath, 'utf8');

  it.each(ITSM_RECORD_TYPES.map(type => [type]))(
    'holds the current diagram and transition table of %s',
    type => {
      const machine = STATE_MACHINES[type];
      expect(doc).toContain(`\`\`\`mermaid\n${toMermaid(machine)}\n\`\`\``);
      expect(doc).toContain(`${toTransitionTable(machine)}\n`);
    },
  );

  it('explains every guard and effect the machines use', () => {
    const used = new Set<string>();
    for (const machine of Object.values(STATE_MACHINES)) {
      for (const tr of machine.transitions) {
        tr.guards.forEach(g => used.add(g));
        (tr.effects ?? []).forEach(e => used.add(e));
      }
    }
    for (const name of used) {
      expect(doc).toMatch(new RegExp(`^- \`${name}\`: `, 'm'));
    }
  });

  it('renders a diagram with entries, guarded arrows and ends', () => {
    expect(toMermaid(SLA_MACHINE)).toBe(
      [
        'stateDiagram-v2',
        '    [*] --> draft',
        '    draft --> active: Activate [bothSignatures]',
        '    draft --> declined: Decline',
        '    active --> expired: Mark expired',
        '    active --> terminated: Terminate',
        '    declined --> [*]',
        '    expired --> [*]',
        '    terminated --> [*]',
      ].join('\n'),
    );
    expect(toMermaid(RELEASE_MACHINE)).toContain('    [*] --> backlog');
  });
});
