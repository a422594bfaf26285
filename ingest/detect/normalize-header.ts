/**
 * Header text as exports write it — full-width letters, padding, a leading `*` for
 * required columns, a trailing note in brackets — reduced to one comparable key.
 */
export function headerKey(text: unknown): string {
  if (text === null || text === undefined) return '';
  return String(text)
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/\((必填|选填|可选|必选|optional|required)\)$/i, '')
    .replace(/[_\-]/g, '')
    .toLowerCase();
}
