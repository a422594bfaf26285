/**
 * One CSV field, for the dashboard's exports and the CLI's reports alike: quoted when it holds
 * a quote, a comma or a line break. A text that a spreadsheet would take for a formula (starting
 * with =, +, -, @, a tab or a carriage return: CSV injection) is prefixed with ' so that Excel
 * and WPS show it as the text it is — titles and descriptions come from uploaded exports, and
 * the province opens the lists. Numbers are never prefixed (-2 stays a number).
 */
export function csvField(value: string, isText = true): string {
  const safe = isText && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
