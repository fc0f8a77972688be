// The export menu saves each file under the name the server gave it.
import { describe, expect, it } from 'vitest'
import { filenameFrom } from '../../client/src/transfer/download'

describe('filenameFrom (Content-Disposition)', () => {
  it('reads the quoted and the bare form', () => {
    expect(filenameFrom('attachment; filename="demo.docx"', 'x')).toBe('demo.docx')
    expect(filenameFrom('attachment; filename=demo.pdf', 'x')).toBe('demo.pdf')
  })

  it('prefers the UTF-8 filename* form (RFC 6266) for Danish names', () => {
    expect(filenameFrom(`attachment; filename="Beskaeftigelsesplan.docx"; filename*=UTF-8''Besk%C3%A6ftigelsesplan%202019.docx`, 'x')).toBe(
      'Beskæftigelsesplan 2019.docx'
    )
  })

  it('falls back when the header is missing, empty or its filename* is malformed', () => {
    expect(filenameFrom(null, 'plan.json')).toBe('plan.json')
    expect(filenameFrom('attachment', 'plan.json')).toBe('plan.json')
    expect(filenameFrom(`attachment; filename*=UTF-8''%E0%A4%A; filename="ok.md"`, 'x')).toBe('ok.md')
  })

  it('never returns a path', () => {
    expect(filenameFrom('attachment; filename="../../etc/passwd"', 'x')).toBe('.._.._etc_passwd')
  })
})
