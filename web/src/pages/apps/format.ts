const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const DAY = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

const STEPS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['minute', 60],
  ['hour', 60 * 60],
  ['day', 24 * 60 * 60],
];

/** "just now", "5 minutes ago", "yesterday", "3 days ago"; the date itself after a month. */
export function relativeTime(rfc3339: string, now = Date.now()): string {
  const time = new Date(rfc3339).getTime();
  if (Number.isNaN(time)) return rfc3339;
  const seconds = Math.round((now - time) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  if (Math.abs(seconds) >= 30 * 24 * 60 * 60) return DAY.format(new Date(time));
  let [unit, size] = STEPS[0]!;
  for (const step of STEPS) if (Math.abs(seconds) >= step[1]) [unit, size] = step;
  return RELATIVE.format(-Math.round(seconds / size), unit);
}

/** The app's interfaces as a person names them. */
export const INTERFACE_WORDS: Readonly<Record<string, string>> = { form: 'Form', batch: 'Batch', api: 'API' };

/** "prod" → "Production": the usual environments in words, others as they are named. */
export function environmentWords(environment: string): string {
  const known: Record<string, string> = { prod: 'Production', production: 'Production', staging: 'Staging', dev: 'Development' };
  return known[environment] ?? environment;
}
