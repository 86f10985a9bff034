import { ApiError, apiError } from '../../../api/errors';
import type { UploadAnswer } from '../types';

export interface SendDocument {
  /** The API's address (the client's base URL). */
  baseUrl: string;
  slug: string;
  /** The session's CSRF token, sent with the write. */
  csrf: string | null;
  file: File;
  /** How much of the file has gone, from 0 to 1, as it goes. */
  onProgress: (fraction: number) => void;
}

/** Thrown when the server answers that the session is gone (401). */
export class SessionLost extends Error {
  constructor() {
    super('Your session has ended. Sign in again.');
    this.name = 'SessionLost';
  }
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The API's refusal; one without a body of the API's (a proxy's limit) in words too. */
function refusal(body: unknown, status: number, name: string): ApiError {
  const error = apiError(body, new Response(null, { status: status >= 200 && status <= 599 ? status : 500 }));
  if (error.code === 'unexpected' && status === 413) {
    return new ApiError('payload_too_large', `${name} is larger than Paddock accepts in one upload.`, status);
  }
  return error;
}

/**
 * Uploads one file to a knowledge base (multipart, a part named `file`), through XMLHttpRequest because fetch does not
 * tell how much of a body has been sent. Answers what the server did with it; a refusal is the API's error, with its
 * message for people; a network failure is a TypeError, as fetch's is.
 */
export function sendDocument({ baseUrl, slug, csrf, file, onProgress }: SendDocument): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `${baseUrl}/api/v1/knowledge-bases/${encodeURIComponent(slug)}/documents`);
    request.withCredentials = true;
    request.setRequestHeader('Accept', 'application/json');
    if (csrf !== null) request.setRequestHeader('X-CSRF-Token', csrf);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.min(1, event.loaded / event.total));
    };
    request.onload = () => {
      const body = parse(request.responseText);
      if (request.status === 401) reject(new SessionLost());
      else if (request.status >= 200 && request.status < 300 && body !== undefined) {
        onProgress(1);
        resolve(body as UploadAnswer);
      } else reject(refusal(body, request.status, file.name));
    };
    request.onerror = () => reject(new TypeError('The upload did not reach Paddock.'));
    request.onabort = () => reject(new TypeError('The upload was stopped.'));
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}
