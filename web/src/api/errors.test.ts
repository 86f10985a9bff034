import { describe, expect, it } from 'vitest';
import { ApiError, apiError, errorMessage } from './errors';

describe('apiError', () => {
  it('keeps the code and human message of an API error body', () => {
    const error = apiError(
      { error: { code: 'invalid_credentials', message: 'Email or password is incorrect', details: {} } },
      new Response(null, { status: 401 }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect([error.code, error.message, error.status]).toEqual(['invalid_credentials', 'Email or password is incorrect', 401]);
  });

  it('never shows a raw status or body when the answer is not an API error', () => {
    const error = apiError('<html>Bad gateway</html>', new Response(null, { status: 502 }));
    expect(error.message).not.toMatch(/502|html/i);
    expect(error.message).toMatch(/try again/);
  });
});

describe('errorMessage', () => {
  it('explains a network failure in plain words', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toMatch(/could not be reached/);
  });
});

describe('ApiError.field', () => {
  it('names the field the API put in details.field', () => {
    const error = apiError(
      { error: { code: 'invalid_input', message: 'The e-mail address is not valid', details: { field: 'email' } } },
      new Response(null, { status: 422 }),
    );
    expect(error.field).toBe('email');
    expect(error.fieldMessage).toBe('The e-mail address is not valid');
    const prefixed = apiError(
      { error: { code: 'invalid_input', message: 'current_password: the current password is not correct', details: { field: 'current_password' } } },
      new Response(null, { status: 422 }),
    );
    expect(prefixed.fieldMessage).toBe('The current password is not correct');
    expect(apiError({ error: { code: 'x', message: 'y', details: {} } }, new Response(null, { status: 422 })).field).toBeUndefined();
  });
});

describe('ApiError.problems', () => {
  it('reads the problems of details.problems and skips malformed ones', () => {
    const error = apiError(
      {
        error: {
          code: 'invalid_input',
          message: 'inputs: required, but not given',
          details: { field: 'inputs', problems: [{ path: 'inputs.subject', message: 'required, but not given' }, 'junk', { path: 3 }] },
        },
      },
      new Response(null, { status: 422 }),
    );
    expect(error.problems).toEqual([{ path: 'inputs.subject', message: 'required, but not given' }]);
    expect(new ApiError('forbidden', 'No', 403).problems).toEqual([]);
  });
});
