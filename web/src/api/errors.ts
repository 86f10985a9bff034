/** An error the API answered with, carrying the human-readable message it wrote. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** The `details` object of the answer: structured context such as the field at fault. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, status: number, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }

  /** The input field the API named in `details.field`, if any. */
  get field(): string | undefined {
    const { field } = this.details;
    return typeof field === 'string' && field !== '' ? field : undefined;
  }

  /** The problems the API listed in `details.problems`, each at its path (`inputs.subject`, `steps[1].uses`). */
  get problems(): { path: string; message: string }[] {
    const { problems } = this.details;
    if (!Array.isArray(problems)) return [];
    return problems.flatMap((problem: unknown) => {
      if (typeof problem !== 'object' || problem === null) return [];
      const { path, message } = problem as { path?: unknown; message?: unknown };
      return typeof message === 'string' ? [{ path: typeof path === 'string' ? path : '', message }] : [];
    });
  }

  /** The message for showing under the named field: without the API's leading "field: ". */
  get fieldMessage(): string {
    const prefix = this.field === undefined ? '' : `${this.field}: `;
    if (prefix === '' || !this.message.startsWith(prefix) || this.message.length === prefix.length) return this.message;
    const rest = this.message.slice(prefix.length);
    return rest.charAt(0).toUpperCase() + rest.slice(1);
  }
}

const UNREACHABLE = 'Paddock could not be reached. Check your connection and try again.';
const UNEXPECTED = 'Something went wrong on our side. Please try again in a moment.';

/** Builds an ApiError from the `{"error":{"code","message","details"}}` body every API error has. */
export function apiError(body: unknown, response: Response): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const { error } = body as { error: unknown };
    if (typeof error === 'object' && error !== null) {
      const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
      if (typeof message === 'string' && message !== '') {
        const context = typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : {};
        return new ApiError(typeof code === 'string' ? code : 'error', message, response.status, context);
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

/** The API's message as a sentence: "a group with this name already exists" → "A group with this name already exists". */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
