/**
 * Octomind's own API documents, read from `../shared/octomind-api/` beside the repo (CI and
 * developer machines have it; the files are Octomind's and are not copied into this repo).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export const SHARED_API_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'octomind-api');
export const sharedSpecPresent = existsSync(path.join(SHARED_API_DIR, 'openapi-v2.yaml'));

if (!sharedSpecPresent) {
  console.warn(`Contract tests skipped: Octomind's API documents are not at ${SHARED_API_DIR}.`);
}

export function readShared(file: string): string {
  return readFileSync(path.join(SHARED_API_DIR, file), 'utf8');
}

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };

export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly docs = new Map<string, Doc>();

  constructor() {
    // strict: false because OpenAPI schemas carry `example`, `nullable` and custom formats.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('environment name', true);
    for (const version of ['v2', 'v3']) {
      const doc = parse(readShared(`openapi-${version}.yaml`)) as Doc;
      this.docs.set(version, doc);
      this.ajv.addSchema(doc as object, version);
    }
  }

  component(version: 'v2' | 'v3', name: string): ValidateFunction {
    const validate = this.ajv.getSchema(`${version}#/components/schemas/${name}`);
    if (!validate) throw new Error(`no schema ${name} in openapi-${version}.yaml`);
    return validate;
  }

  /** The 200 schema of an operation, for responses the spec declares inline. */
  response(version: 'v2' | 'v3', route: string, method = 'get', status = '200'): ValidateFunction {
    const schema = this.docs.get(version)?.paths[route]?.[method]?.responses[status]?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`no ${status} response for ${method.toUpperCase()} ${route} in openapi-${version}.yaml`);
    return '$ref' in schema ? this.ajv.compile({ $ref: `${version}${(schema as { $ref: string }).$ref}` }) : this.ajv.compile(schema);
  }
}

export function errorsOf(validate: ValidateFunction, data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
