// The InputFileError a call throws, for tests that assert where (file:line:column) and why an input was refused.
import { InputFileError } from '../../src/errors.js';

export function located(fn: () => unknown): InputFileError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputFileError) return error;
    throw error;
  }
  throw new Error('expected an InputFileError');
}

export async function locatedAsync(promise: Promise<unknown>): Promise<InputFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputFileError) return error;
    throw error;
  }
  throw new Error('expected an InputFileError');
}
