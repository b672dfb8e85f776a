/** Query string of a filtered list, e.g. `state=new&state=assigned&priority=P1`. */
export function listSearch(filters: {
  state?: readonly string[];
  priority?: readonly string[];
}): string {
  const params = new URLSearchParams();
  for (const s of filters.state ?? []) params.append('state', s);
  for (const p of filters.priority ?? []) params.append('priority', p);
  return params.toString();
}

const DAY_MS = 86_400_000;

/** The period of the figures in words: "the last 90 days", or its dates. */
export function periodText(period: { from: string; to: string }): string {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const days = (to - from) / DAY_MS;
  if (Math.abs(to - Date.now()) < DAY_MS && Number.isInteger(days)) {
    return `the last ${days} days`;
  }
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return `${day(from)} to ${day(to - 1)}`;
}
