// `npm run invite -- --plan <id> --role <role> --name "<name>" --group <group> [--days N]`
// prints a link that opens the plan with those rights. Signs with the secret
// in DATA_DIR (default ./data), so run it where the server keeps its data.
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { GROUPS, ROLES, isOneOf, isValidPlanId } from '../../schema'
import { loadSecret, signToken } from '../auth/tokens'

const { values } = parseArgs({
  options: { plan: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, group: { type: 'string' }, days: { type: 'string', default: '30' } }
})
const fail = (message: string): never => {
  console.error(`invite: ${message}\nusage: npm run invite -- --plan <id> --role ${ROLES.join('|')} --name "<name>" --group ${GROUPS.join('|')} [--days N]`)
  process.exit(2)
}
const plan = values.plan ?? fail('--plan is required')
if (!(plan === '*' ? values.role === 'admin' : isValidPlanId(plan))) fail(`"${plan}" is not a valid plan id (use * only with --role admin)`)
if (!isOneOf(ROLES, values.role)) fail(`--role must be one of ${ROLES.join(', ')}`)
if (!isOneOf(GROUPS, values.group)) fail(`--group must be one of ${GROUPS.join(', ')}`)
const name = values.name?.trim() || fail('--name is required')
const days = Number(values.days)
if (!Number.isFinite(days) || days <= 0 || days > 3650) fail('--days must be a positive number of days')

const secret = loadSecret(process.env.DATA_DIR ?? './data')
const token = signToken(secret, { plan, role: values.role as (typeof ROLES)[number], group: values.group as (typeof GROUPS)[number], name, sub: randomUUID(), exp: Math.floor(Date.now() / 1000) + Math.round(days * 86400) })
const base = process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 8080}`
console.log(plan === '*' ? `${base}/?token=${token}` : `${base}/plan/${plan}?token=${token}`)
