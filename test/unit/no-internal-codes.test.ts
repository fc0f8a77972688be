// No internal codes in the UI (issue #15): a target group is stored as a code
// ("kontanthjaelp") and shown by its label wherever a field's value is shown
// to people: the conflict badge's values and the history's before → after.
import { describe, expect, it } from 'vitest'
import { fieldValueText } from '../../client/src/conflicts/field-text'
import { changeLine } from '../../client/src/history/change-text'
import { STRINGS } from '../../client/src/i18n/strings'
import type { GoalChange } from '../../schema/history'

describe('field values shown to people', () => {
  it('names target groups by their label, in Danish and English', () => {
    expect(fieldValueText('targetGroup', 'kontanthjaelp', STRINGS.da, 'da')).toBe('Kontanthjælp')
    expect(fieldValueText('target.targetGroup', 'sygedagpenge', STRINGS.da, 'da')).toBe('Sygedagpenge')
    expect(fieldValueText('targetGroup', 'kontanthjaelp', STRINGS.en, 'en')).not.toBe('kontanthjaelp')
    // A group the plan made up itself is its own label.
    expect(fieldValueText('targetGroup', 'Unge under 30', STRINGS.da, 'da')).toBe('Unge under 30')
  })

  it('shows a changed target group by label in the history', () => {
    const change = {
      kind: 'targetChanged',
      goalId: 'g',
      itemId: 't',
      subject: 'Antal på kontanthjælp',
      unit: 'persons',
      fields: [{ field: 'targetGroup', before: 'kontanthjaelp', after: 'sygedagpenge' }]
    } as unknown as GoalChange
    const line = changeLine(change, STRINGS.da, 'da')
    expect(line).toContain('Kontanthjælp → Sygedagpenge')
    expect(line).not.toMatch(/kontanthjaelp|sygedagpenge\b/)
  })
})
