import type { Node as PMNode } from 'prosemirror-model'
import { buildDoc, buildFocusArea, buildHeading, buildParagraph, buildVision } from './nodes'
import type { PlanMeta } from '../plan-meta'

// The demo plan is written by us from the facts of three real plans in
// shared/seeds (Randers 2015, Lemvig 2015, Silkeborg 2017): their targets,
// figures and follow-up practice, in our own words, for a fictional
// municipality. Ids are fixed so tests and links can name them.

/** Fixed ids of the demo plan's structured nodes, for tests and fixtures. */
export const DEMO_IDS = {
  focusSick: '0b1f3a52-6c1e-4a8e-9b71-2f4c8d1e0a01',
  focusLongTerm: '0b1f3a52-6c1e-4a8e-9b71-2f4c8d1e0a02',
  focusFlex: '0b1f3a52-6c1e-4a8e-9b71-2f4c8d1e0a03',
  goalSick: '1c2e4b63-7d2f-4b9f-8c82-3a5d9e2f1b01',
  goalClarify: '1c2e4b63-7d2f-4b9f-8c82-3a5d9e2f1b02',
  goalLongTerm: '1c2e4b63-7d2f-4b9f-8c82-3a5d9e2f1b03',
  goalCompanies: '1c2e4b63-7d2f-4b9f-8c82-3a5d9e2f1b04',
  goalFlex: '1c2e4b63-7d2f-4b9f-8c82-3a5d9e2f1b05',
  goalMethod: '1c2e4b63-7d2f-4b9f-8c82-3a5d9e2f1b06',
  targetSickLevel: '2d3f5c74-8e30-4ca0-9d93-4b6e0f302c01',
  targetSickChange: '2d3f5c74-8e30-4ca0-9d93-4b6e0f302c02',
  targetClarify: '2d3f5c74-8e30-4ca0-9d93-4b6e0f302c03',
  targetLongTerm: '2d3f5c74-8e30-4ca0-9d93-4b6e0f302c04',
  targetJobOpenings: '2d3f5c74-8e30-4ca0-9d93-4b6e0f302c05',
  targetInOffers: '2d3f5c74-8e30-4ca0-9d93-4b6e0f302c06',
  targetFlexFewer: '2d3f5c74-8e30-4ca0-9d93-4b6e0f302c07',
  targetFlexLong: '2d3f5c74-8e30-4ca0-9d93-4b6e0f302c08',
  targetActive: '2d3f5c74-8e30-4ca0-9d93-4b6e0f302c09',
  targetMethod: '2d3f5c74-8e30-4ca0-9d93-4b6e0f302c10',
  followSick1: '3e406d85-9f41-4db1-8ea4-5c7f10413d01',
  followSick2: '3e406d85-9f41-4db1-8ea4-5c7f10413d02',
  followLongTerm: '3e406d85-9f41-4db1-8ea4-5c7f10413d03',
  followFlex: '3e406d85-9f41-4db1-8ea4-5c7f10413d04',
  figures: '4f517e96-a052-4ec2-9fb5-6d8021524e01'
} as const

/** The demo plan's id, as the server creates it on first start. */
export const DEMO_PLAN_ID = 'demo-beskaeftigelsesplan'

/** Metadata of the demo plan. */
export const demoMeta = (id: string = DEMO_PLAN_ID): PlanMeta => ({
  id,
  title: 'Beskæftigelsesplan 2019',
  municipality: 'Eksempel Kommune',
  period: '2019',
  status: 'draft'
})

/** The demo plan document: vision, three focus areas with goal tables, måltal and follow-up. */
export function demoPlanDoc(): PMNode {
  const I = DEMO_IDS
  return buildDoc([
    buildHeading('Beskæftigelsesplan 2019 for Eksempel Kommune', 2),
    buildParagraph(
      'Planen er udarbejdet af jobcentret og drøftet med beskæftigelsesudvalget og det lokale beskæftigelsesråd (LBR). Den beskriver, hvad vi vil opnå, hvordan vi gør det, og hvordan vi følger op.'
    ),
    buildVision([
      'Der skal være plads til alle på arbejdsmarkedet. Vi tager udgangspunkt i den enkelte borgers ressourcer, og vi samarbejder tæt med virksomhederne, så flere kommer i job eller uddannelse.'
    ]),
    buildFocusArea({
      id: I.focusSick,
      title: 'Flere sygemeldte hjælpes tilbage i arbejde',
      intro: ['Vi vil have tidligere kontakt til både borger og arbejdsgiver, så færre forløb bliver lange.'],
      goals: [
        {
          id: I.goalSick,
          title: 'Færre årspersoner på sygedagpenge',
          actions: [
            'Fremrykke kontakten til arbejdsgiveren, så den sker før det lovpligtige tidspunkt',
            'Fortsætte den kommunale stressenhed',
            'Gøre opfølgningen mere intensiv i de første 8 uger'
          ],
          criteria: [
            'Flere sygemeldte genoptager arbejdet helt eller delvist.',
            {
              id: I.targetSickLevel,
              kind: 'level',
              indicator: 'Antal årspersoner på sygedagpenge',
              targetGroup: 'sygedagpenge',
              unit: 'fullTimePersons',
              baseline: { value: 464, period: '2018' },
              target: { value: 438, period: '2019', comparator: '<=' },
              ministerGoal: 'MM2',
              source: 'Antallet af årspersoner på sygedagpenge skal falde fra 464 i 2018 til højst 438 i 2019.'
            },
            {
              id: I.targetSickChange,
              kind: 'change',
              indicator: 'Antal årspersoner på sygedagpenge',
              targetGroup: 'sygedagpenge',
              unit: 'fullTimePersons',
              baseline: { value: null, period: '2015-12' },
              target: { value: -63, period: '2017-12', comparator: '<=' },
              source: 'Antal årspersoner på sygedagpenge er reduceret med 63 i december 2017 sammenlignet med niveauet i december 2015.'
            }
          ],
          followUpMethod: 'Kvartalsvis status til beskæftigelsesudvalget på baggrund af Jobindsats.dk.',
          followUps: [
            {
              id: I.followSick1,
              targetId: I.targetSickLevel,
              date: '2019-03-31',
              value: 458,
              status: 'atRisk',
              note: 'Faldet er mindre end forventet i 1. kvartal.'
            },
            { id: I.followSick2, targetId: I.targetSickLevel, date: '2019-06-30', value: 447, status: 'onTrack', note: 'Stressenheden har kortet forløbene.' }
          ]
        },
        {
          id: I.goalClarify,
          title: 'Hurtigere afklaring i jobafklaringsforløb',
          actions: ['Sikre afklaring af borgerens fremtidige forsørgelse, inden varigheden når 26 uger'],
          criteria: [
            {
              id: I.targetClarify,
              kind: 'change',
              indicator: 'Antal årspersoner på jobafklaringsforløb',
              targetGroup: 'jobafklaring',
              unit: 'fullTimePersons',
              baseline: { value: null, period: '2015-12' },
              target: { value: -14, period: '2017-12', comparator: '<=' },
              source: 'Antal årspersoner på jobafklaringsforløb er reduceret med 14 i december 2017 sammenlignet med niveauet i december 2015.'
            }
          ],
          followUpMethod: 'Halvårlig status i LBR.'
        }
      ]
    }),
    buildFocusArea({
      id: I.focusLongTerm,
      title: 'Langtidsledighed og samarbejde med virksomhederne',
      intro: ['Langtidsledige skal tættere på arbejdsmarkedet gennem virksomhedsrettede tilbud.'],
      goals: [
        {
          id: I.goalLongTerm,
          title: 'Færre langtidsledige',
          actions: ['Virksomhedspraktik og løntilskud som første valg', 'Opkvalificere de lediges CV’er'],
          criteria: [
            {
              id: I.targetLongTerm,
              kind: 'level',
              indicator: 'Langtidsledigheden',
              targetGroup: 'langtidsledige',
              unit: 'persons',
              baseline: { value: 681, period: '2013-12' },
              target: { value: 600, period: '2015-12', comparator: '<=' },
              ministerGoal: 'MM3',
              source: 'Langtidsledigheden skal begrænses fra 681 personer i december 2013 til 600 personer i december 2015.'
            },
            {
              id: I.targetInOffers,
              kind: 'rate',
              indicator: 'Personer i virksomhedspraktik og løntilskud',
              targetGroup: 'alle',
              unit: 'persons',
              target: { value: 400, period: null, comparator: '>=' },
              source: '400 personer er løbende i tilbud om virksomhedspraktik og løntilskud.'
            }
          ],
          followUpMethod: 'Månedlig ledighedsstatistik til udvalget.',
          followUps: [{ id: I.followLongTerm, targetId: I.targetLongTerm, date: '2015-06-30', value: 642, status: 'onTrack', note: '' }]
        },
        {
          id: I.goalCompanies,
          title: 'Tættere kontakt til virksomhederne',
          actions: ['Opsøgende besøg ud over den almindelige kontakt', 'Fast kontaktperson i virksomhedsservice'],
          criteria: [
            'Alle henvendelser fra virksomheder besvares inden for 24 timer.',
            {
              id: I.targetJobOpenings,
              kind: 'rate',
              indicator: 'Nye jobåbninger gennem ambassadørindsatsen',
              targetGroup: 'virksomheder',
              unit: 'count',
              target: { value: 15, period: null, comparator: '>=' },
              per: 'month',
              source: 'Der skal skabes 15 nye jobåbninger pr. måned i forhold til ambassadørindsatsen.'
            }
          ],
          followUpMethod: 'Registrering i virksomhedsservice, opgjort hvert kvartal.'
        }
      ]
    }),
    buildFocusArea({
      id: I.focusFlex,
      title: 'Ledighedsydelse, fleksjob og faglig kvalitet',
      intro: ['Perioder uden aktivitet skal være korte, og metoderne skal være fælles.'],
      goals: [
        {
          id: I.goalFlex,
          title: 'Fortsat fald i antallet på ledighedsydelse',
          actions: ['Virksomhedsrettede tilbud frem for passive perioder', 'Jobklub som basisaktivering'],
          criteria: [
            {
              id: I.targetFlexFewer,
              kind: 'change',
              indicator: 'Antal borgere på ledighedsydelse',
              targetGroup: 'ledighedsydelse',
              unit: 'percent',
              baseline: { value: null, period: '2014-12' },
              target: { value: -15, period: '2015-12', comparator: '<=' },
              source: 'Antal borgere på ledighedsydelse skal ultimo 2015 være minimum 15 % færre end ultimo 2014.'
            },
            {
              id: I.targetFlexLong,
              kind: 'share',
              indicator: 'Andel sager med mere end 18 måneders forløb',
              targetGroup: 'ledighedsydelse',
              unit: 'percent',
              target: { value: 20, period: '2015-12', comparator: '<=' },
              source: 'Ultimo 2015 skal max 20 % være sager med mere end 18 måneders forløb på ydelsen.'
            },
            {
              id: I.targetActive,
              kind: 'share',
              indicator: 'Andel jobparate kontanthjælpsmodtagere med 3–6 måneders ledighed i virksomhedsrettet indsats',
              targetGroup: 'kontanthjaelp',
              unit: 'percent',
              target: { value: 90, period: '2015', comparator: '>=' },
              source: 'Minimum 90 % af de jobparate kontanthjælpsmodtagere med 3-6 måneders ledighed skal være i gang med en virksomhedsrettet indsats.'
            }
          ],
          followUpMethod: 'Månedsstatistik til Arbejdsmarkeds- og Integrationsudvalget.',
          followUps: [
            { id: I.followFlex, targetId: I.targetFlexLong, date: '2015-09-30', value: 23.5, status: 'offTrack', note: 'Nogle lange sager er svære at flytte.' }
          ]
        },
        {
          id: I.goalMethod,
          title: 'Høj faglig kvalitet gennem bevidste metodevalg',
          actions: ['Beskrive et fælles metodegrundlag ud fra de 10 tjekpunkter for beskæftigelsesfaglighed'],
          criteria: [
            {
              id: I.targetMethod,
              kind: 'milestone',
              indicator: 'Metodegrundlaget implementeres i alle teams',
              targetGroup: 'alle',
              unit: 'count',
              target: { value: null, period: '2019-12', comparator: '=' },
              done: false,
              source: 'Metodegrundlaget implementeres på Jobkompagniet.'
            }
          ],
          followUpMethod: 'Teamlederne melder status ved årets udgang.'
        }
      ],
      figures: {
        id: I.figures,
        caption: 'Måltal for årspersoner',
        columns: ['Måltal 2018', 'Estimeret resultat 2018', 'Måltal 2019'],
        rows: [
          { label: 'sygedagpenge', values: [464, 452, 438] },
          { label: 'jobafklaring', values: [120, 117, 106] },
          { label: 'ledighedsydelse', values: [310, 299, 255] },
          { label: 'kontanthjaelp', values: [1250, 1248.5, 1190] }
        ]
      }
    })
  ])
}

/** The demo plan: metadata and document. */
export const demoPlan = (id: string = DEMO_PLAN_ID): { meta: PlanMeta; doc: PMNode } => ({ meta: demoMeta(id), doc: demoPlanDoc() })

/** An empty plan: a title heading and one paragraph to start typing in. */
export const emptyPlan = (id: string, title: string): { meta: PlanMeta; doc: PMNode } => ({
  meta: { id, title, municipality: '', period: '', status: 'draft' },
  doc: buildDoc([buildParagraph()])
})
