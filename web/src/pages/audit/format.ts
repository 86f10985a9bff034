const LOCAL = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** "27 Nov 2026, 10:30:00" in the viewer's time zone. */
export function localTime(rfc3339: string): string {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? rfc3339 : LOCAL.format(date);
}

/** "2026-11-27 09:30:00.123 UTC": the exact recorded instant. */
export function utcTime(rfc3339: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  return `${date.toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

/** "3f2a9c41…b7e0" for long hashes. */
export function shortHash(hash: string): string {
  return hash.length <= 16 ? hash : `${hash.slice(0, 10)}…${hash.slice(-6)}`;
}
