/**
 * /openapi.json describes every answer: each route declares a success answer and a typed body
 * for every status it lists, the JSON APIs declare their errors with the one error schema, and
 * every record schema of src/schemas/ is a component.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RECORD_SCHEMAS } from '../../src/schemas/index.js';
import { startTestApp } from '../helpers/harness.js';

interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

/** True when a schema says something about the body (a reference, a type, or alternatives). */
function isTyped(schema: Record<string, unknown> | undefined): boolean {
  if (!schema) return false;
  return ['$ref', 'type', 'anyOf', 'oneOf', 'allOf', 'properties'].some((key) => key in schema);
}

test('openapi.json: every route declares a typed answer for every status, and every record is a component', async (t) => {
  const tp = await startTestApp();
  t.after(() => tp.close());
  const doc = (await tp.app.inject({ url: '/openapi.json' })).json();

  const components = Object.keys(doc.components?.schemas ?? {});
  for (const schema of RECORD_SCHEMAS) {
    const id = (schema as { $id?: string }).$id;
    assert.ok(id, 'every record schema has an $id');
    assert.ok(components.includes(id), `component ${id}`);
  }
  assert.equal(components.filter((name) => name.startsWith('def-')).length, 0, 'components are named by their $id');

  let operations = 0;
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, operation] of Object.entries(methods)) {
      const name = `${method.toUpperCase()} ${path}`;
      operations++;
      const responses = operation.responses ?? {};
      const codes = Object.keys(responses);
      assert.ok(
        codes.some((code) => /^[23]\d\d$/.test(code)),
        `${name}: declares its success answer (has ${codes.join(', ') || 'none'})`,
      );
      for (const [code, response] of Object.entries(responses)) {
        assert.notEqual(response.description, 'Default Response', `${name} ${code}: describes its answer`);
        for (const [type, media] of Object.entries(response.content ?? {})) {
          assert.ok(isTyped(media.schema), `${name} ${code} ${type}: typed body`);
        }
        if (code === '302') continue;
        assert.ok(response.content && Object.keys(response.content).length > 0, `${name} ${code}: has a body`);
      }
      if (path.startsWith('/3.0/') || path.startsWith('/share/')) {
        for (const code of ['400', '401', '404', '500'].filter((c) => c in responses)) {
          const schema = responses[code].content?.['application/json']?.schema;
          assert.equal(schema?.$ref, '#/components/schemas/Error', `${name} ${code}: the error schema`);
        }
        assert.ok('500' in responses, `${name}: declares 500`);
      }
    }
  }
  assert.ok(operations > 30, `found ${operations} operations`);

  const offer = doc.components.schemas.Offer;
  assert.equal(offer.properties.payouts.items.$ref, '#/components/schemas/Payout');
  const list = doc.components.schemas.ConversionList;
  assert.equal(list.properties.conversions.items.$ref, '#/components/schemas/StatsConversion');
  assert.ok(!('revenue' in doc.components.schemas.PartnerConversion.properties), 'affiliates see no revenue');
  assert.ok(!('revenue' in doc.components.schemas.PartnerOutboundPostback.properties), 'affiliates see no revenue');
});
