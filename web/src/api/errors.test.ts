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
