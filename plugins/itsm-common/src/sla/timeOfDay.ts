/** Minutes since local midnight of an `HH:mm` string (already validated). */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}
