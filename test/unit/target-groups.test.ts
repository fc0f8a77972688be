import { describe, expect, it } from 'vitest'
import { KNOWN_TARGET_GROUPS, TARGET_GROUP_LABELS, targetGroupFromLabel, targetGroupLabel, targetSentence } from '../../schema'
import { readRenderedTarget } from '../../schema/import/rendered-target'

// Issue #15: no internal codes ("kontanthjaelp") in the UI or exports.
describe('target group labels', () => {
  it('has a Danish and an English label for every known group, none of them the code', () => {
    for (const code of KNOWN_TARGET_GROUPS) {
      for (const lang of ['da', 'en'] as const) {
        const label = TARGET_GROUP_LABELS[lang][code]
        expect(label, `${lang} ${code}`).toBeTruthy()
        expect(label).not.toBe(code)
      }
    }
    expect(targetGroupLabel('kontanthjaelp')).toBe('Kontanthjælp')
    expect(targetGroupLabel('kontanthjaelp', 'en')).toBe('Social assistance')
  })

  it('shows a free-text group as written', () => {
    expect(targetGroupLabel('Borgere over 50 år')).toBe('Borgere over 50 år')
    expect(targetGroupLabel('')).toBe('')
    expect(targetGroupLabel('toString')).toBe('toString')
  })

  it('reads every label, in either language and any case, back to its code', () => {
    for (const code of KNOWN_TARGET_GROUPS) {
      expect(targetGroupFromLabel(TARGET_GROUP_LABELS.da[code])).toBe(code)
      expect(targetGroupFromLabel(TARGET_GROUP_LABELS.en[code].toUpperCase())).toBe(code)
      expect(targetGroupFromLabel(code)).toBe(code)
    }
    expect(targetGroupFromLabel('  Borgere over 50 år ')).toBe('Borgere over 50 år')
  })
})

describe('target sentences name the group by its label', () => {
  const attrs = {
    kind: 'level',
    indicator: 'Antal personer på kontanthjælp',
    targetGroup: 'kontanthjaelp',
    unit: 'persons',
    comparator: '<=',
    targetValue: 1190,
    targetPeriod: '2019'
  }

  it('in Danish and English', () => {
    expect(targetSentence(attrs, 'da')).toBe('Antal personer på kontanthjælp skal gå til højst 1190 personer i 2019 (målgruppe: Kontanthjælp)')
    expect(targetSentence(attrs, 'en')).toMatch(/\(target group: Social assistance\)$/)
    expect(targetSentence({ ...attrs, targetGroup: 'Borgere over 50 år' }, 'da')).toMatch(/\(målgruppe: Borgere over 50 år\)$/)
  })

  it('and the import reads the label back to the code', () => {
    expect(readRenderedTarget(targetSentence(attrs, 'da'))?.targetGroup).toBe('kontanthjaelp')
    expect(readRenderedTarget(targetSentence({ ...attrs, targetGroup: 'Borgere over 50 år' }, 'da'))?.targetGroup).toBe('Borgere over 50 år')
  })
})
