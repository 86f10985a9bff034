/** An error the API answered with, carrying the human-readable message it wrote. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

const UNREACHABLE = 'Paddock could not be reached. Check your connection and try again.';
const UNEXPECTED = 'Something went wrong on our side. Please try again in a moment.';

/** Builds an ApiError from the `{"error":{"code","message","details"}}` body every API error has. */
export function apiError(body: unknown, response: Response): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const { error } = body as { error: unknown };
    if (typeof error === 'object' && error !== null) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      if (typeof message === 'string' && message !== '') {
        return new ApiError(typeof code === 'string' ? code : 'error', message, response.status);
      }
    }
  }
  return new ApiError('unexpected', UNEXPECTED, response.status);
}

/** The sentence to show a person for any failure of an API call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return UNREACHABLE;
  return UNEXPECTED;
}
