import { IntrospectionQuery, introspectionFromSchema } from 'graphql';
import { buildHubSchema } from '../../../src/app/schema';

/** Apollo Federation's own types and root fields, and GraphQL's built-in scalars: defined by the libraries, not the hub. */
const EXEMPT_TYPE = /^(__.*|_Service|_Any|_Entity|FieldSet|link__.*|federation__.*|String|Int|Float|Boolean|ID)$/;
const EXEMPT_FIELDS = new Set(['Query._service', 'Query._entities']);

/** Every type, field, argument, input field and enum value a client sees by introspection without a description. */
function undescribed(introspection: IntrospectionQuery): string[] {
  const missing: string[] = [];
  const need = (where: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(where);
  };
  for (const type of introspection.__schema.types.filter((t) => !EXEMPT_TYPE.test(t.name))) {
    need(`type ${type.name}`, type.description);
    if (type.kind === 'OBJECT' || type.kind === 'INTERFACE') {
      for (const field of type.fields) {
        const where = `${type.name}.${field.name}`;
        if (EXEMPT_FIELDS.has(where)) continue;
        need(`field ${where}`, field.description);
        for (const arg of field.args) need(`argument ${where}(${arg.name})`, arg.description);
      }
    } else if (type.kind === 'INPUT_OBJECT') {
      for (const field of type.inputFields) need(`input field ${type.name}.${field.name}`, field.description);
    } else if (type.kind === 'ENUM') {
      for (const value of type.enumValues) need(`enum value ${type.name}.${value.name}`, value.description);
    }
  }
  return missing;
}

describe('schema descriptions', () => {
  test('every type, field, argument, input field and enum value of the hub is described', async () => {
    const missing = undescribed(introspectionFromSchema(await buildHubSchema()));
    expect(missing.length === 0 ? 'all described' : `${missing.length} undescribed:\n${missing.join('\n')}`).toBe('all described');
  });

  test('the check finds what lacks a description', async () => {
    const introspection = introspectionFromSchema(await buildHubSchema());
    const apiKey = introspection.__schema.types.find((t) => t.name === 'ApiKey')!;
    const stripped = { ...apiKey, description: null, fields: 'fields' in apiKey ? apiKey.fields.map((f) => (f.name === 'name' ? { ...f, description: ' ' } : f)) : [] };
    const types = introspection.__schema.types.map((t) => (t.name === 'ApiKey' ? stripped : t));
    expect(undescribed({ __schema: { ...introspection.__schema, types } } as IntrospectionQuery)).toEqual(['type ApiKey', 'field ApiKey.name']);
  });
});
