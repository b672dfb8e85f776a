import { Stats } from './measure';

/*
 * The results table (stdout, and docs/performance.md copies it).
 */

export interface OperationResult {
  id: string;
  name: string;
  detail: string;
  targetMs?: number;
  ratioTarget?: number;
  stats?: Stats;
  /** p50 and p95 as a multiple of the catalog's by-name call in the same run. */
  ratioP50?: number;
  ratioP95?: number;
  rssMaxMb?: number;
  /** The backend's CPU use while the operation ran (% of one core). */
  cpuPercent?: number;
  /** "met", "missed" or why there is no figure. */
  verdict: string;
  note?: string;
  /** The figures are upper bounds (a run shorter than the poll interval). */
  upperBound?: boolean;
}

const ms = (x?: number) =>
  x === undefined || Number.isNaN(x)
    ? '-'
    : x < 10
    ? x.toFixed(1)
    : Math.round(x).toString();
const ratio = (x?: number) =>
  x === undefined || !Number.isFinite(x)
    ? '-'
    : `${x < 10 ? x.toFixed(1) : Math.round(x)}x`;

export function verdict(r: OperationResult): string {
  if (!r.stats) return r.verdict;
  if (r.stats.errors > 0) return `${r.stats.errors} errors`;
  if (r.targetMs === undefined) return 'baseline';
  const timeOk = r.stats.p95 <= r.targetMs;
  const ratioOk =
    r.ratioTarget === undefined || (r.ratioP95 ?? Infinity) <= r.ratioTarget;
  return timeOk && ratioOk ? 'met' : 'missed';
}

/** A markdown table (also readable on a terminal). */
export function table(results: OperationResult[]): string {
  const head = [
    'operation',
    'n',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'req/s',
    'p50 / by-name',
    'p95 / by-name',
    'target p95',
    'RSS max MB',
    'CPU %',
    'verdict',
  ];
  const rows = results.map(r => [
    r.name,
    r.stats ? String(r.stats.n) : '-',
    ...[r.stats?.p50, r.stats?.p95, r.stats?.p99].map(
      x => `${r.upperBound ? '< ' : ''}${ms(x)}`,
    ),
    r.stats ? r.stats.throughput.toFixed(1) : '-',
    ratio(r.ratioP50),
    ratio(r.ratioP95),
    r.targetMs === undefined
      ? '-'
      : `${r.targetMs} ms${r.ratioTarget ? `, ${r.ratioTarget}x` : ''}`,
    r.rssMaxMb === undefined ? '-' : Math.round(r.rssMaxMb).toString(),
    r.cpuPercent === undefined ? '-' : Math.round(r.cpuPercent).toString(),
    r.verdict,
  ]);
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map(row => row[i].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join(' | ')} |`;
  return [
    line(head),
    `| ${widths
      .map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`))
      .join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}
