// Calendar days in UTC: the audit date, waiver expiry and runtime end-of-support dates are compared as `YYYY-MM-DD`.

let lastDay: { time: number; day: string } | undefined;

/** The UTC calendar day of `date`, `YYYY-MM-DD`. */
export function utcDay(date: Date): string {
  // Asked once per pool (SA013) with the one audit date: the last answer is kept, by time value (a Date can be changed).
  const time = date.getTime();
  if (lastDay?.time !== time) lastDay = { time, day: date.toISOString().slice(0, 10) };
  return lastDay.day;
}

/** Midnight UTC of the day `date` falls on: the default audit date is today (UTC). */
export function startOfUtcDay(date: Date): Date {
  const midnight = new Date(date.getTime());
  midnight.setUTCHours(0, 0, 0, 0);
  return midnight;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of a real calendar day `YYYY-MM-DD` (rejecting 2026-02-30), else undefined. */
export function calendarDay(text: string): Date | undefined {
  const day = DAY.exec(text);
  if (!day) return undefined;
  const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : undefined;
}
