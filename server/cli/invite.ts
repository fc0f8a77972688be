// `npm run invite -- --plan <id> --role <role> --name "<name>" --group <group> [--days N]`
// prints a link that opens the plan with those rights, and stores the
// invitation (so it can be listed and revoked). `--list --plan <id>` lists a
// plan's invitations; `--revoke <invite id>` revokes one (open sockets close
// within seconds). `npm run admin-link` is `--admin`: a link for every plan.
// Works on the server's store (DATA_DIR, default ./data; or STORAGE=postgres
// with DATABASE_URL and DATABASE_SCHEMA), also while the server runs on it.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { GROUPS, ROLES, isOneOf, isValidPlanId } from '../../schema'
import { MAX_INVITE_DAYS, issueInvite, publicInvite } from '../auth/access'
import { loadSecret } from '../auth/tokens'
import { planIsOpen } from '../plans'
import { openStore, storageConfigFromEnv } from '../storage/open-store'
import { accessLink, cliBaseUrl } from '../auth/links'

const USAGE = `usage:
  npm run invite -- --plan <id> --role ${ROLES.join('|')} --name "<name>" --group ${GROUPS.join('|')} [--days N]
  npm run invite -- --list --plan <id>
  npm run invite -- --revoke <invite id>
  npm run admin-link            (an administrator link for every plan)
DATA_DIR (default ./data) is where the server keeps its database and token secret;
with STORAGE=postgres, DATABASE_URL (and DATABASE_SCHEMA) name the database.`

const { values } = parseArgs({
  options: {
    plan: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    group: { type: 'string' },
    days: { type: 'string', default: '30' },
    admin: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    revoke: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false }
  }
})
if (values.help) {
  console.log(USAGE)
  process.exit(0)
}
const fail = (message: string): never => {
  console.error(`invite: ${message}\n${USAGE}`)
  process.exit(2)
}

const dataDir = resolve(process.env.DATA_DIR ?? './data')
const config = storageConfigFromEnv(process.env, dataDir)
if (config.engine === 'sqlite' && !existsSync(join(dataDir, 'faellesplan.sqlite'))) {
  console.error(
    `invite: advarsel: ${dataDir} har ingen database endnu (serveren har ikke kørt med DATA_DIR her). Start serveren med samme DATA_DIR, eller sæt DATA_DIR til den mappe, serveren bruger.\n        warning: no database in ${dataDir} yet.`
  )
}
const store = await openStore(config)
try {
  if (values.revoke !== undefined) {
    const invite = (await store.getInvite(values.revoke)) ?? fail(`there is no invitation ${values.revoke}`)
    if (await store.revokeInvite(invite.id, new Date().toISOString()))
      console.log(`Tilbagekaldt: ${invite.name} (${invite.role}, ${invite.plan}). Åbne forbindelser lukkes inden for få sekunder.`)
    else console.log(`Invitationen var allerede tilbagekaldt: ${invite.name} (${invite.plan}).`)
  } else if (values.list) {
    const plan = values.plan ?? fail('--list needs --plan')
    for (const i of (await store.listInvites(plan)).map((x) => publicInvite(x)))
      console.log([i.id, i.state, i.role, i.group, i.name, `udløber ${i.expiresAt.slice(0, 10)}`, `af ${i.createdBy}`].join('\t'))
  } else {
    const admin = values.admin
    const plan = admin ? '*' : (values.plan ?? fail('--plan is required'))
    const asked = admin ? 'admin' : values.role
    const role = isOneOf(ROLES, asked) ? asked : fail(`--role must be one of ${ROLES.join(', ')}`)
    const askedGroup = admin ? 'administration' : values.group
    const group = isOneOf(GROUPS, askedGroup) ? askedGroup : fail(`--group must be one of ${GROUPS.join(', ')}`)
    if (!(plan === '*' ? role === 'admin' : isValidPlanId(plan))) fail(`"${plan}" is not a valid plan id (use * only with --role admin)`)
    if (plan !== '*' && !(await planIsOpen(store, plan)))
      fail(`planen "${plan}" findes ikke i ${dataDir} / there is no plan "${plan}" (npm run invite -- --help)`)
    const name = (admin ? (values.name ?? 'Administrator') : values.name)?.trim() || fail('--name is required')
    const days = Number(values.days)
    if (!Number.isFinite(days) || days <= 0 || days > MAX_INVITE_DAYS) fail('--days must be a positive number of days')
    const { token, invite } = await issueInvite(store, loadSecret(dataDir), { plan, role, group, name, days, createdBy: 'cli' })
    console.log(accessLink(cliBaseUrl(), plan, token))
    console.error(`(invitation ${invite.id}; tilbagekald med: npm run invite -- --revoke ${invite.id})`)
  }
} finally {
  await store.close()
}
