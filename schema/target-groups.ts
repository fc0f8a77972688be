import type { Lang } from './numbers'
import { KNOWN_TARGET_GROUPS } from './vocabulary'

// Target groups are stored as codes ("kontanthjaelp") so filters, imports and
// the dashboard agree on them; people read the label instead (issue #15: no
// internal codes in the UI or exports). A group typed as free text has no
// code and is shown as written.

/** One known target group code. */
export type KnownTargetGroup = (typeof KNOWN_TARGET_GROUPS)[number]

/** The label of each known target group, in Danish and English. */
export const TARGET_GROUP_LABELS: Record<Lang, Record<KnownTargetGroup, string>> = {
  da: {
    alle: 'Alle',
    forsikrede: 'Forsikrede ledige',
    kontanthjaelp: 'Kontanthjælp',
    uddannelseshjaelp: 'Uddannelseshjælp',
    sygedagpenge: 'Sygedagpenge',
    jobafklaring: 'Jobafklaring',
    ledighedsydelse: 'Ledighedsydelse',
    ressourceforloeb: 'Ressourceforløb',
    fleksjob: 'Fleksjob',
    unge: 'Unge',
    langtidsledige: 'Langtidsledige',
    virksomheder: 'Virksomheder'
  },
  en: {
    alle: 'All',
    forsikrede: 'Insured unemployed',
    kontanthjaelp: 'Social assistance',
    uddannelseshjaelp: 'Education assistance',
    sygedagpenge: 'Sickness benefit',
    jobafklaring: 'Job clarification',
    ledighedsydelse: 'Flex-job benefit',
    ressourceforloeb: 'Resource programme',
    fleksjob: 'Flex jobs',
    unge: 'Young people',
    langtidsledige: 'Long-term unemployed',
    virksomheder: 'Companies'
  }
}

const isKnown = (group: string): group is KnownTargetGroup => Object.hasOwn(TARGET_GROUP_LABELS.da, group)

/** What people read for a target group: the label of a known code, anything else as written. */
export function targetGroupLabel(group: string, lang: Lang = 'da'): string {
  return isKnown(group) ? TARGET_GROUP_LABELS[lang][group] : group
}

/**
 * The stored value for a group as read in a document: the code when the text
 * is a known code or one of its labels (either language, any case), otherwise
 * the text itself, trimmed. The inverse of targetGroupLabel, for imports.
 */
export function targetGroupFromLabel(text: string): string {
  const trimmed = text.trim()
  const key = trimmed.toLocaleLowerCase('da')
  for (const code of KNOWN_TARGET_GROUPS) {
    if (code === key || TARGET_GROUP_LABELS.da[code].toLocaleLowerCase('da') === key || TARGET_GROUP_LABELS.en[code].toLocaleLowerCase('da') === key)
      return code
  }
  return trimmed
}
