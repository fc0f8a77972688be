// The texts of the pages shown instead of a plan that cannot open (issue #15)
// and the names of the page's landmarks and skip links, in their own module
// so strings.ts only names them once per language. The pages are keyed by
// the REST error codes (schema/http-errors.ts) the session call answers with.

import type { SessionProblem } from '../session'

/** One page: what happened (heading and a sentence) and what to do. */
export interface ProblemPageText {
  heading: string
  what: string
  todo: string[]
}

const da = {
  problems: {
    'no-link': {
      heading: 'Du skal bruge et link for at åbne en plan',
      what: 'Du har åbnet Fællesplan uden et link. Man kommer ind i en plan med et personligt link, som planens administrator sender.',
      todo: [
        'Bed planens administrator om et link til planen. Det er ofte en medarbejder i jobcentret eller forvaltningen.',
        'Åbn hele linket fra e-mailen eller beskeden. Det slutter med ?token= og en lang række tegn.'
      ]
    },
    unauthorized: {
      heading: 'Linket virker ikke',
      what: 'Linket er ugyldigt. Måske er det kun kopieret delvis.',
      todo: [
        'Åbn linket igen direkte fra e-mailen eller beskeden, så du får det hele med.',
        'Virker det stadig ikke, så bed planens administrator om et nyt link.'
      ]
    },
    'token-expired': {
      heading: 'Linket er udløbet',
      what: 'Et link virker kun i et bestemt antal dage, og dette link er ikke gyldigt længere.',
      todo: ['Bed planens administrator om et nyt link.']
    },
    'access-revoked': {
      heading: 'Din adgang er trukket tilbage',
      what: 'En administrator har trukket adgangen via dette link tilbage.',
      todo: ['Skal du stadig arbejde i planen, så bed planens administrator om et nyt link.']
    },
    forbidden: {
      heading: 'Du har ikke adgang til planen',
      what: 'Dit link eller din konto giver ikke adgang til denne plan.',
      todo: ['Åbn det link, du har fået til netop denne plan.', 'Eller bed planens administrator om at give dig adgang.']
    },
    'plan-not-found': {
      heading: 'Planen findes ikke',
      what: 'Der er ingen plan på denne adresse. Den kan være slettet, eller adressen kan være skrevet forkert.',
      todo: ['Åbn linket igen fra e-mailen eller beskeden.', 'Mener du, at planen burde findes, så spørg planens administrator.']
    },
    'plan-deleted': {
      heading: 'Planen er slettet',
      what: 'En administrator har slettet planen. Den kan gendannes i en periode efter sletningen.',
      todo: ['Er planen slettet ved en fejl, kan en administrator gendanne den fra listen over planer.']
    },
    'invalid-plan-id': {
      heading: 'Adressen er forkert',
      what: 'Adressen peger ikke på en plan. Måske er linket kun kopieret delvis.',
      todo: ['Åbn linket igen direkte fra e-mailen eller beskeden.']
    },
    'not-found': {
      heading: 'Siden findes ikke',
      what: 'Der er ingen side på denne adresse.',
      todo: ['Åbn linket igen direkte fra e-mailen eller beskeden.']
    },
    offline: {
      heading: 'Ingen forbindelse',
      what: 'Fællesplan kan ikke få forbindelse til serveren, og planen er ikke gemt på denne computer endnu.',
      todo: ['Tjek, at computeren er på internettet, og prøv igen.']
    }
  } satisfies Record<SessionProblem, ProblemPageText> as Record<SessionProblem, ProblemPageText>,
  whatToDo: 'Hvad kan du gøre?',
  linkLooks: 'Et link til en plan ser sådan ud:',
  linkExample: '/plan/beskaeftigelsesplan-2027?token=eyJwbGFuIjoi…',
  tryAgain: 'Prøv igen',
  // Landmarks and skip links
  skipToText: 'Gå til planens tekst',
  skipToComments: 'Gå til kommentarer',
  mainMenu: 'Planens menu',
  sidePanel: 'Indhold og mangler',
  commentsPanel: 'Kommentarer og deltagere',
  planText: 'Planens tekst',
  rowControls: 'Flyt eller slet mål',
  groupFilter: 'Vis kommentarer fra',
  commentFilters: 'Filtrér kommentarer'
}

/** The texts of this module in one language. */
export type PageStrings = typeof da

const en: PageStrings = {
  problems: {
    'no-link': {
      heading: 'You need a link to open a plan',
      what: "You opened Fællesplan without a link. You get into a plan with a personal link that the plan's administrator sends you.",
      todo: [
        "Ask the plan's administrator for a link to the plan. This is often someone at the job centre or in the administration.",
        'Open the whole link from the email or message. It ends with ?token= and a long row of characters.'
      ]
    },
    unauthorized: {
      heading: 'The link does not work',
      what: 'The link is not valid. Perhaps only part of it was copied.',
      todo: [
        'Open the link again straight from the email or message, so all of it comes along.',
        "If it still does not work, ask the plan's administrator for a new link."
      ]
    },
    'token-expired': {
      heading: 'The link has expired',
      what: 'A link works only for a set number of days, and this one is no longer valid.',
      todo: ["Ask the plan's administrator for a new link."]
    },
    'access-revoked': {
      heading: 'Your access has been revoked',
      what: 'An administrator has revoked the access this link gave.',
      todo: ["If you still need to work in the plan, ask the plan's administrator for a new link."]
    },
    forbidden: {
      heading: 'You do not have access to this plan',
      what: 'Your link or account does not open this plan.',
      todo: ['Open the link you were given for this very plan.', "Or ask the plan's administrator to give you access."]
    },
    'plan-not-found': {
      heading: 'The plan does not exist',
      what: 'There is no plan at this address. It may have been deleted, or the address may be mistyped.',
      todo: ['Open the link again from the email or message.', "If you think the plan should exist, ask the plan's administrator."]
    },
    'plan-deleted': {
      heading: 'The plan has been deleted',
      what: 'An administrator has deleted the plan. It can be restored for a while after it was deleted.',
      todo: ['If it was deleted by mistake, an administrator can restore it from the list of plans.']
    },
    'invalid-plan-id': {
      heading: 'The address is wrong',
      what: 'The address does not point to a plan. Perhaps only part of the link was copied.',
      todo: ['Open the link again straight from the email or message.']
    },
    'not-found': {
      heading: 'The page does not exist',
      what: 'There is no page at this address.',
      todo: ['Open the link again straight from the email or message.']
    },
    offline: {
      heading: 'No connection',
      what: 'Fællesplan cannot reach the server, and the plan is not kept on this computer yet.',
      todo: ['Check that the computer is online, and try again.']
    }
  },
  whatToDo: 'What can you do?',
  linkLooks: 'A link to a plan looks like this:',
  linkExample: da.linkExample,
  tryAgain: 'Try again',
  skipToText: 'Skip to the plan text',
  skipToComments: 'Skip to comments',
  mainMenu: 'Plan menu',
  sidePanel: 'Contents and gaps',
  commentsPanel: 'Comments and people',
  planText: 'Plan text',
  rowControls: 'Move or delete goal',
  groupFilter: 'Show comments from',
  commentFilters: 'Filter comments'
}

export const PAGE_STRINGS = { da, en }
