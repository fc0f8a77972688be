// Every REST error code (schema/http-errors.ts) has Danish and English words
// for the user, and the client fills the code's params into them
// (client/src/i18n/rest-errors.ts), as close reasons are for the socket.
import { describe, expect, it } from 'vitest'
import { HTTP_ERRORS, placeholdersOf, type HttpErrorCode } from '../../schema'
import { STRINGS } from '../../client/src/i18n/strings'
import { restErrorText } from '../../client/src/i18n/rest-errors'
import { RestError, restErrorOf } from '../../client/src/transfer/rest-error'

const codes = Object.keys(HTTP_ERRORS) as HttpErrorCode[]

describe('REST error texts', () => {
  it.each(['da', 'en'] as const)('every code has %s text, using only the params the code carries', (lang) => {
    const texts = STRINGS[lang].restErrors as Record<string, string | undefined>
    for (const code of codes) {
      const text = texts[code]
      expect(text?.trim(), `${lang} ${code}`).toBeTruthy()
      const carried = placeholdersOf(HTTP_ERRORS[code].message)
      for (const name of placeholdersOf(text!)) expect(carried, `${lang} ${code} uses {${name}}`).toContain(name)
    }
    // No text for a code the server does not have (a renamed code would leave one behind).
    expect(Object.keys(texts).sort()).toEqual([...codes].sort())
  })

  it('every code has a status in the 4xx or 5xx range', () => {
    for (const code of codes) expect(HTTP_ERRORS[code].status, code).toBeGreaterThanOrEqual(400)
  })

  it("fills params into the user's language, leaving no placeholder", () => {
    for (const code of codes) {
      const params = Object.fromEntries(placeholdersOf(HTTP_ERRORS[code].message).map((n) => [n, `«${n}»`]))
      for (const lang of ['da', 'en'] as const) {
        const text = restErrorText(STRINGS[lang], new RestError(HTTP_ERRORS[code].status, code, params, 'developer message'))
        expect(text, `${lang} ${code}`).not.toMatch(/\{\w+\}/)
      }
    }
    const tooLong = restErrorOf(
      400,
      'Bad Request',
      JSON.stringify({ error: { code: 'field-too-long', params: { field: 'title', limit: 200 } }, message: 'Field title is longer than 200 characters' })
    )
    expect(restErrorText(STRINGS.da, tooLong)).toBe('Feltet »title« må højst være 200 tegn.')
    expect(restErrorText(STRINGS.en, tooLong)).toBe('The field “title” may be at most 200 characters.')
    const failed = restErrorOf(500, '', JSON.stringify({ error: { code: 'export-failed', params: { format: 'pdf', reason: 'Timeout 1 ms' } }, message: '' }))
    expect(restErrorText(STRINGS.da, failed)).toBe('Eksporten til pdf mislykkedes: Timeout 1 ms')
  })

  it("shows the server's message for a code it does not know, and the status line for a body that is not ours", () => {
    const newer = restErrorOf(409, 'Conflict', JSON.stringify({ error: { code: 'from-a-newer-server' }, message: 'Something new went wrong' }))
    expect(newer.code).toBe('from-a-newer-server')
    expect(restErrorText(STRINGS.da, newer)).toBe('Something new went wrong')
    const proxy = restErrorOf(502, 'Bad Gateway', '<h1>Bad gateway</h1>')
    expect(proxy.code).toBeNull()
    expect(restErrorText(STRINGS.da, proxy)).toBe('HTTP 502 Bad Gateway')
    // An old server's { error: string } is not ours either: its status line.
    expect(restErrorOf(401, '', JSON.stringify({ error: 'Linket er udløbet.' })).message).toBe('HTTP 401')
  })

  it('says "no connection" for a failed fetch', () => {
    expect(restErrorText(STRINGS.da, new TypeError('Failed to fetch'))).toBe(STRINGS.da.networkError)
  })
})
