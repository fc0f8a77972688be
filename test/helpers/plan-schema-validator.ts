import { Ajv2020 } from 'ajv/dist/2020.js'
import planJsonSchema from '../../schema/plan.schema.json' with { type: 'json' }

/** A compiled validator for schema/plan.schema.json, shared by every test that checks an export. */
export function planValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true })
  return ajv.compile(planJsonSchema)
}
