// Issue #15: exported files are named after the plan and the day, not its id.
import { describe, expect, it } from 'vitest'
import { danishDay, exportFilename } from '../../schema/export'

describe('exportFilename', () => {
  it('writes the title in ASCII words and the Danish calendar day', () => {
    expect(exportFilename('Beskæftigelsesplan 2027', new Date('2026-11-30T10:00:00Z'), 'docx')).toBe('Beskaeftigelsesplan-2027-2026-11-30.docx')
    expect(exportFilename('Mål & midler – Ørsted/Århus', new Date('2026-01-05T12:00:00Z'), 'pdf')).toBe('Maal-midler-Oersted-Aarhus-2026-01-05.pdf')
  })

  it('dates by the day in Denmark: just after midnight there is already the next day', () => {
    expect(danishDay(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01')
    expect(danishDay(new Date('2026-07-31T22:30:00Z'))).toBe('2026-08-01')
  })

  it('never gives an empty, path-like or overlong name', () => {
    expect(exportFilename('  ', new Date('2026-11-30T10:00:00Z'), 'md')).toBe('plan-2026-11-30.md')
    expect(exportFilename('../../etc/passwd', new Date('2026-11-30T10:00:00Z'), 'csv')).toBe('etc-passwd-2026-11-30.csv')
    expect(exportFilename('Plan '.repeat(40), new Date('2026-11-30T10:00:00Z'), 'docx').length).toBeLessThanOrEqual(80 + '-2026-11-30.docx'.length)
  })
})
