import type { Node as PMNode } from 'prosemirror-model'
import { buildDoc, buildFocusArea, buildParagraph, demoPlanDoc, type GoalSpec } from '../schema/build'

/**
 * A large plan for measurements: the demo plan followed by `areas` focus
 * areas of `goalsPerArea` goals each (every goal with actions, text criteria,
 * a target and a follow-up) and `paragraphsPerArea` paragraphs of prose.
 * The defaults make roughly 200 pages: ≈ 2,000 blocks and 300 goals.
 */
export function bigPlanDoc(areas = 30, goalsPerArea = 10, paragraphsPerArea = 30): PMNode {
  const blocks: PMNode[] = []
  demoPlanDoc().forEach((n) => {
    blocks.push(n)
  })
  for (let a = 0; a < areas; a++) {
    const goals: GoalSpec[] = Array.from({ length: goalsPerArea }, (_, g) => ({
      title: `Mål ${a + 1}.${g + 1}: færre borgere på offentlig forsørgelse i målgruppe ${g + 1}`,
      actions: ['Tidlig og tværfaglig indsats', 'Virksomhedspraktik og løntilskud', 'Tæt opfølgning hver fjerde uge'],
      criteria: [
        'Flere borgere kommer i job eller uddannelse.',
        {
          kind: 'level',
          indicator: `Antal fuldtidspersoner i målgruppe ${g + 1}`,
          targetGroup: 'kontanthjaelp',
          unit: 'fullTimePersons',
          baseline: { value: 400 + g, period: '2018' },
          target: { value: 380 + g, period: '2019', comparator: '<=' }
        }
      ],
      followUpMethod: 'Kvartalsvis opfølgning i udvalget.'
    }))
    blocks.push(
      buildFocusArea({
        title: `Fokusområde ${a + 1}`,
        intro: Array.from(
          { length: paragraphsPerArea },
          (_, p) =>
            `Afsnit ${p + 1} om fokusområde ${a + 1}. Indsatsen skal ses i sammenhæng med beskæftigelsesreformerne, og vi følger tæt op på resultaterne sammen med virksomhederne, uddannelsesinstitutionerne og det lokale beskæftigelsesråd.`
        ),
        goals
      })
    )
  }
  blocks.push(buildParagraph('Slut på planen.'))
  return buildDoc(blocks)
}
