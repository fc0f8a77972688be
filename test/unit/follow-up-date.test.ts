// The follow-up line's date is written out by hand (client/src/editor/nodeviews/follow-up.ts:
// the page's first Intl date formatter cost 15–30 ms of every plan's opening); it must
// read exactly as the locale's own short date did.
import { describe, expect, it } from 'vitest'
import { followUpDate } from '../../client/src/editor/nodeviews/follow-up'

describe('followUpDate', () => {
  it('writes a date as da-DK and en-GB do', () => {
    for (const iso of ['2019-03-05', '2019-12-31', '2026-01-09', '2020-10-01']) {
      const d = new Date(`${iso}T12:00:00`)
      expect(followUpDate(iso, 'da')).toBe(d.toLocaleDateString('da-DK'))
      expect(followUpDate(iso, 'en')).toBe(d.toLocaleDateString('en-GB'))
    }
  })

  it('leaves what is not a plain date to the locale, as before', () => {
    expect(followUpDate('2019-3-5', 'da')).toBe(new Date('2019-3-5T12:00:00').toLocaleDateString('da-DK'))
  })
})
