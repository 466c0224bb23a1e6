// JSON / YAML text of a DataContract (docs/contracts.md). parseContract(serializeContract(c)) deep-equals c for
// any canonical c (what deriveContract and parseContract return), and serializeContract(parseContract(text))
// is stable.
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { fail, optionsObject } from '../errors.js';
import { checkContract } from './check.js';
import type { DataContract } from './contract.js';

/**
 * A contract from JSON or YAML text (text starting with "{" is read as JSON, anything else as YAML) or from
 * the already-decoded object, validated field by field: an unknown field, an unknown rule name, a rate outside
 * [0, 1], min > max, a feature of no column... is a DriftkitError naming the field, e.g.
 * `parseContract: features.amount.range.min must be a finite number; got "a"`.
 */
export function parseContract(input: string | object): DataContract {
  const fn = 'parseContract';
  let v: unknown = input;
  if (typeof input === 'string') {
    const json = input.trimStart().startsWith('{');
    try {
      v = json ? JSON.parse(input) : parseYaml(input, { schema: 'core' });
    } catch (e) {
      fail(fn, 'text', `is not valid ${json ? 'JSON' : 'YAML'} (${(e as Error).message.split('\n')[0]})`);
    }
  } else if (input === null || typeof input !== 'object') {
    fail(fn, 'input', `must be JSON or YAML text or a contract object; got ${input === null ? 'null' : typeof input}`);
  }
  return checkContract(fn, '', v);
}

/** The contract as JSON (default, indented by `space`, default 2) or YAML text, validated first; both parse back exactly. */
export function serializeContract(contract: DataContract, options: { format?: 'json' | 'yaml'; space?: number } = {}): string {
  optionsObject('serializeContract', options);
  const c = checkContract('serializeContract', 'contract', contract);
  if (options.format === 'yaml') return stringifyYaml(c, { lineWidth: 0 });
  if (options.format !== undefined && options.format !== 'json') fail('serializeContract', 'format', `must be 'json' or 'yaml'; got ${JSON.stringify(options.format)}`);
  return JSON.stringify(c, null, options.space ?? 2);
}
