/**
 * Every input problem surfaces as a DriftkitError whose message names the argument and the problem, e.g.
 * `ks2samp: x must not be empty`. `argument` carries the name for programmatic handling.
 */
export class DriftkitError extends Error {
  readonly argument: string;
  constructor(fn: string, argument: string, problem: string) {
    super(`${fn}: ${argument} ${problem}`);
    this.name = 'DriftkitError';
    this.argument = argument;
  }
}

export function fail(fn: string, argument: string, problem: string): never {
  throw new DriftkitError(fn, argument, problem);
}

/**
 * An options argument: an object (undefined became `{}` by the parameter's default). null, a string or an array
 * is a DriftkitError naming `options`, not a TypeError on its first property or a silently ignored argument.
 */
export function optionsObject(fn: string, options: unknown): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    fail(fn, 'options', `must be an object (or left out); got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
}
