import { restErrorText } from './rest-errors'
import { STRINGS, type Strings } from './strings'

// The chosen language, kept across visits. Danish unless the person chose English.
const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('faellesplan.lang') : null

/** Reactive language state shared by every component. */
export const lang = $state<{ code: 'da' | 'en' }>({ code: stored === 'en' ? 'en' : 'da' })
// Screen readers pick their voice from <html lang>, so it must match from the first paint.
if (typeof document !== 'undefined') document.documentElement.lang = lang.code

/** The strings of the current language. */
export const t = (): Strings => STRINGS[lang.code]

/** Switch between Danish and English. */
export function toggleLanguage(): void {
  lang.code = lang.code === 'da' ? 'en' : 'da'
  localStorage.setItem('faellesplan.lang', lang.code)
  document.documentElement.lang = lang.code
}

/** A label without its "(Ctrl+…)" shortcut hint, for the visible text of a button whose title keeps the hint. */
export const withoutShortcut = (label: string): string => label.replace(/ \(.*\)$/, '')

/** What to tell the user about a failed REST call (or any error), in the current language. */
export const errorText = (e: unknown): string => restErrorText(t(), e)
