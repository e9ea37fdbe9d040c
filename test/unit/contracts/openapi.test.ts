// The OpenAPI document says what the API does: 201 where a POST creates, every query a route
// reads (?version=, ?since=, ?cursor=), and every route of the table.
import { expect, test } from 'vitest';
import { system } from '../../../system/system.ts';
import { openApiDocument } from '../../../functions/contracts/openapi.ts';
import { eventTypes } from '../../../functions/domain/webhooks.ts';

const document = openApiDocument() as any;
const operation = (method: string, path: string) => document.paths[path][method];

test('POSTs that create answer 201; the others 200', () => {
  for (const [path, method] of [['/screenings', 'post'], ['/tips', 'post'], ['/organizations', 'post']]) {
    expect(Object.keys(operation(method, path).responses)).toContain('201');
    expect(Object.keys(operation(method, path).responses)).not.toContain('200');
  }
  expect(Object.keys(operation('post', '/tasks/{taskId}/decision').responses)).toContain('200');
});

test('the query parameters each route reads are documented', () => {
  const query = (method: string, path: string) => operation(method, path).parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name);
  expect(query('get', '/forms/{formId}')).toContain('version');
  expect(query('get', '/metrics')).toContain('since');
  expect(query('get', '/exports/htcds')).toEqual(expect.arrayContaining(['from', 'to', 'format', 'cursor', 'limit']));
  expect(query('get', '/exports/anonymised')).toEqual(expect.arrayContaining(['format', 'fromYear', 'toYear']));
  expect(query('get', '/tasks')).toEqual(expect.arrayContaining(['cursor', 'limit']));
  expect(query('get', '/cases')).toEqual(expect.arrayContaining(['stage', 'risk', 'flag', 'overdue', 'cursor', 'limit']));
});

test('every route of the table is documented, with its roles', () => {
  for (const route of system.routes) expect(operation(route.method.toLowerCase(), route.path)['x-roles']).toEqual(route.roles);
});

test('the exports say they answer CSV as well as JSON', () => {
  for (const path of ['/exports/htcds', '/exports/anonymised']) expect(Object.keys(operation('get', path).responses['200'].content)).toEqual(['application/json', 'text/csv']);
  expect(Object.keys(operation('get', '/metrics').responses['200'].content)).toEqual(['application/json']);
});

test('the webhooks Puente sends are documented: each event type with the Standard Webhooks headers and payload', () => {
  expect(Object.keys(document.webhooks).sort()).toEqual([...eventTypes].sort());
  for (const [type, { post }] of Object.entries<any>(document.webhooks)) {
    expect(post.parameters.map((parameter: any) => parameter.name), type).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
    expect(post.requestBody.content['application/json'].schema.properties.type.const).toBe(type);
  }
  expect(Object.keys(operation('post', '/webhooks').responses)).toContain('201');
  expect(operation('post', '/webhooks').requestBody.content['application/json'].schema.required).toEqual(['url', 'events']);
});
