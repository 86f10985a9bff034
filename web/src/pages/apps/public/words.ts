/** What the public page of an app tells someone not signed in when something stands in the way, in plain words. */
import { ApiError, errorMessage } from '../../../api/errors';
import { PublicApiError } from './queries';

/** "in a minute", "in 30 seconds", "in 5 minutes", "in 3 hours": when to try again; a minute when nobody said. */
export function waitWords(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds <= 0) return 'in a minute';
  if (seconds < 60) return seconds === 1 ? 'in a second' : `in ${Math.ceil(seconds)} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? 'in a minute' : `in ${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? 'in an hour' : `in ${hours} hours`;
}

export const NOT_OPEN_TITLE = 'This app is not open to the public';
export const NOT_OPEN_TEXT = 'This app is not open to the public. If you work here, sign in to use it.';
export const PAUSED_TEXT = 'This app is paused for now.';

/** What the page shows when a run could not start: a title, a sentence, and whether to offer signing in. */
export interface StartProblem {
  title: string;
  message: string;
  signIn: boolean;
}

/** Why the run did not start, for someone not signed in: never an error code or a status. */
export function startProblem(error: unknown): StartProblem {
  const code = error instanceof ApiError ? error.code : '';
  const status = error instanceof ApiError ? error.status : 0;
  const retryAfter = error instanceof PublicApiError ? error.retryAfter : null;
  if (status === 404) return { title: NOT_OPEN_TITLE, message: NOT_OPEN_TEXT, signIn: true };
  if (code === 'frozen') return { title: 'Paused', message: `${PAUSED_TEXT} Try again later.`, signIn: false };
  if (code === 'quota_exceeded') {
    return {
      title: 'Limit reached',
      message: `This app has had as many runs from your network as it allows for now; try again ${waitWords(retryAfter)}.`,
      signIn: false,
    };
  }
  if (status === 429) {
    return { title: 'Too many runs', message: `Too many runs from your network just now; try again ${waitWords(retryAfter)}.`, signIn: false };
  }
  if (code === 'invalid_input') return { title: 'Some answers need attention', message: errorMessage(error), signIn: false };
  if (status === 403) {
    return { title: 'The run could not start', message: 'This app cannot be used from where you are without signing in. If you work here, sign in to use it.', signIn: true };
  }
  return { title: 'The run could not start', message: errorMessage(error), signIn: false };
}
