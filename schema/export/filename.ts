// Names of exported files (issue #15): the plan's title and the day of the
// export, "Beskaeftigelsesplan-2027-2026-11-30.docx", in ASCII so every mail
// client, file system and Content-Disposition parser keeps it as written.

const DANISH: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', Æ: 'Ae', Ø: 'Oe', Å: 'Aa' }
const MAX_TITLE_PART = 80

/** The calendar day of `date` in Denmark, as YYYY-MM-DD: an export just after midnight is dated the new day. */
export function danishDay(date: Date): string {
  // sv-SE writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date)
}

/** The file name of a plan exported on `date` as `ext`: title in ASCII words joined by "-", then the day. */
export function exportFilename(title: string, date: Date, ext: string): string {
  const ascii = title
    .replace(/[æøåÆØÅ]/gu, (c) => DANISH[c]!)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/[^A-Za-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .slice(0, MAX_TITLE_PART)
    .replace(/-+$/u, '')
  return `${ascii || 'plan'}-${danishDay(date)}.${ext}`
}
