// schemas/drift-report.schema.json compiled with ajv 8 (strict, draft-07, as fastify uses it): validators for
// the shared shape (the CLI's --format json) and for GET /drift (definitions/drift_status).
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';

export const schema = JSON.parse(readFileSync(new URL('../../schemas/drift-report.schema.json', import.meta.url), 'utf8'));

// RFC 3339 date-time, as ajv-formats checks it (not a dependency of the tests)
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
export const ajv = new Ajv({ strict: true, allErrors: true, formats: { 'date-time': (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) } });
ajv.addSchema(schema);
const report = ajv.getSchema(schema.$id)!;
const status = ajv.getSchema(`${schema.$id}#/definitions/drift_status`)!;

const explain = (errors: ErrorObject[] | null | undefined): string => (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');

/** The errors of a document against the shared shape ('' when it is valid). */
export function reportErrors(doc: unknown): string { return report(doc) ? '' : explain(report.errors); }
/** The errors of a GET /drift answer ('' when it is valid). */
export function driftStatusErrors(doc: unknown): string { return status(doc) ? '' : explain(status.errors); }
