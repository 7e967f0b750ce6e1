import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { configJsonSchema, directoryJsonSchema } from '@keywatch/shared';
import { EXAMPLE_CONFIG_FILE } from '@keywatch/central';

// The committed JSON Schemas are generated from the zod schemas; `npm run schema` (UPDATE_SCHEMA=1) rewrites them.
const SCHEMA_DIR = path.join(__dirname, '..', '..', '..', 'schema');
const generated: [string, () => Record<string, unknown>][] = [
  ['keywatch.schema.json', configJsonSchema],
  ['accounts.schema.json', directoryJsonSchema],
];

describe('configJsonSchema', () => {
  test.each(generated)('schema/%s is up to date', (name, generate) => {
    const file = path.join(SCHEMA_DIR, name);
    const text = `${JSON.stringify(generate(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA === '1') {
      fs.writeFileSync(file, text);
    }
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (committed !== text) {
      throw new Error(`schema/${name} is stale: run \`npm run schema\` and commit the result`);
    }
  });

  test('is draft 2020-12 with an $id, a title and descriptions', () => {
    const schema = configJsonSchema() as {
      $schema: string;
      $id: string;
      title: string;
      properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(/keywatch\.schema\.json$/);
    expect(schema.title).toBe('keywatch configuration (keywatch.yml)');
    expect(schema.properties.allow.properties?.vpcEndpoints.description).toBe(
      'VPC endpoint IDs: a call that went through one of them is allowed whatever its source IP.',
    );
    expect(schema.properties.filtering.description).toMatch(/^sender-and-central \(default\)/);
  });

  test('fields with defaults are optional, the others required (io: input)', () => {
    const schema = configJsonSchema() as { required: string[]; properties: Record<string, { required?: string[] }> };
    expect(schema.required.sort()).toEqual(['allow', 'central', 'deployment', 'notify', 'organization']);
    expect(schema.properties.central.required?.sort()).toEqual(['account', 'region']);
    expect(schema.properties.deployment.required?.sort()).toEqual(['delegatedAdmin', 'organizationalUnits', 'regions']);
  });

  test('rejects unknown keys like the zod schema', () => {
    const schema = configJsonSchema() as { additionalProperties: unknown; properties: Record<string, { additionalProperties?: unknown }> };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.allow.additionalProperties).toBe(false);
  });

  test('the examples point editors at the committed schemas', () => {
    expect(fs.readFileSync(EXAMPLE_CONFIG_FILE, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/keywatch.schema.json');
    const directoryText = fs.readFileSync(path.join(path.dirname(EXAMPLE_CONFIG_FILE), 'accounts.yml'), 'utf8');
    expect(directoryText.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/accounts.schema.json');
  });

  test('every top-level key of the example is a schema property', () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown> };
    const example = parse(fs.readFileSync(EXAMPLE_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(Object.keys(example)));
  });
});
