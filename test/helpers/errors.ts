// The DriftkitError a call throws, for tests of bad input.
import { expect } from 'vitest';
import { DriftkitError } from '../../src/errors.js';

/** The DriftkitError thrown by fn (fails the test when fn does not throw one). */
export function caught(fn: () => unknown): DriftkitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DriftkitError);
    return e as DriftkitError;
  }
  throw new Error('expected a DriftkitError');
}
