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
