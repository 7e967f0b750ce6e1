import { z } from 'zod';
import { AccountsDirectorySchema } from '../accounts/directory';
import { KeywatchConfigSchema } from './schema';

/** The $id of the published keywatch.yml JSON Schema. */
export const CONFIG_SCHEMA_ID = 'https://github.com/keywatch/keywatch/blob/main/schema/keywatch.schema.json';
/** The $id of the published accounts directory JSON Schema. */
export const DIRECTORY_SCHEMA_ID = 'https://github.com/keywatch/keywatch/blob/main/schema/accounts.schema.json';

/** The JSON Schema (draft 2020-12) of keywatch.yml, generated from the zod schema with io 'input' (fields with defaults are optional). */
export function configJsonSchema(): Record<string, unknown> {
  return withId(z.toJSONSchema(KeywatchConfigSchema, { io: 'input', target: 'draft-2020-12' }), CONFIG_SCHEMA_ID, 'keywatch configuration (keywatch.yml)');
}

/** The JSON Schema (draft 2020-12) of the accounts directory file, generated like configJsonSchema. */
export function directoryJsonSchema(): Record<string, unknown> {
  return withId(z.toJSONSchema(AccountsDirectorySchema, { io: 'input', target: 'draft-2020-12' }), DIRECTORY_SCHEMA_ID, 'keywatch accounts directory');
}

function withId(schema: Record<string, unknown>, id: string, title: string): Record<string, unknown> {
  const { $schema, ...rest } = schema;
  delete rest.title;
  return { $schema, $id: id, title, ...rest };
}
