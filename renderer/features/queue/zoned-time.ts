// Times labelled with their zone ("08:00 China Standard Time"), in the current language. The
// queue's summary and its rows use these so no time on screen is in an unnamed zone.
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(language, options);
    } catch {
      f = new Intl.DateTimeFormat(language, { ...options, timeZone: undefined }); // a zone this engine does not know
    }
    cache.set(key, f);
  }
  return f;
}

/** The agent's own zone (this machine's). */
export function agentZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "Dec 7, 08:00" in `timeZone` (the agent's when absent), without the zone's name. */
export function zonedDateTime(language: string, iso: string, timeZone?: string): string {
  return formatter(language, { timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** The zone's name as people say it ("China Standard Time", "中国标准时间"). */
export function zoneName(language: string, iso: string, timeZone?: string): string {
  const parts = formatter(language, { timeZone, timeZoneName: 'long' }).formatToParts(new Date(iso));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone ?? '';
}

/** "Dec 7, 08:00 GMT+8": a short time with its zone, for rows and lists. */
export function labelledDateTime(language: string, iso: string, timeZone?: string): string {
  return formatter(language, { timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).format(new Date(iso));
}

/** "in 7 hours" / "7小时后" from now to `iso` (minutes under an hour). */
export function untilText(language: string, iso: string, nowMs: number): string {
  const minutes = Math.max(1, Math.round((Date.parse(iso) - nowMs) / 60_000));
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: 'always' });
  return minutes < 60 ? rtf.format(minutes, 'minute') : rtf.format(Math.round(minutes / 60), 'hour');
}
