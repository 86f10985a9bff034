import type { Client } from 'openapi-fetch';
import type { ApiClient } from '../../../../api/client';
import { ApiError, apiError, errorMessage, sentence } from '../../../../api/errors';
import type { components } from '../../../../api/schema.gen';
import type { Problem } from '../../../../api/types';
import { formatBytes } from '../../../apps/form/files';
import type { FileDropInput } from '../../../apps/form/FileDrop';
import type { InputDoc } from '../model/types';

type Schemas = components['schemas'];

/** A file uploaded to try a draft with: its `id` is the file input's value in a test run. */
export type TestFile = Schemas['UploadView'];

/** What one file input of the test form holds: the file uploaded for it, and the one on its way (if any). */
export interface TestFileState {
  uploaded: TestFile | null;
  uploading: { name: string; size: number } | null;
}

const TEST_FILES = '/api/v1/workspaces/{slug}/test-files';

/**
 * The upload endpoint as `npm run gen:api` will type it once docs/openapi.json has it. The body is sent as the
 * FormData it is (openapi-fetch leaves FormData alone, and the browser writes the multipart boundary).
 * Drop this, and the cast in `uploadTestFile`, once the generated schema has `upload_test_file`.
 */
interface TestFilePaths {
  [TEST_FILES]: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    post: {
      parameters: { query?: never; header?: never; path: { slug: string }; cookie?: never };
      requestBody: { content: { 'multipart/form-data': FormData } };
      responses: {
        201: { headers: Record<string, unknown>; content: { 'application/json': TestFile } };
        403: { headers: Record<string, unknown>; content: { 'application/json': Schemas['ErrorBody'] } };
        413: { headers: Record<string, unknown>; content: { 'application/json': Schemas['ErrorBody'] } };
        422: { headers: Record<string, unknown>; content: { 'application/json': Schemas['ErrorBody'] } };
      };
    };
  };
}

export interface TestFileUpload {
  slug: string;
  /** The draft as being edited, YAML: the server reads the input's `accept` and `max_size` from it. */
  definition: string;
  /** The file input's name. */
  input: string;
  file: File;
}

/** The multipart body: the parts `definition` and `input`, then the file in the part `file`. */
export function testFileForm({ definition, input, file }: Pick<TestFileUpload, 'definition' | 'input' | 'file'>): FormData {
  const form = new FormData();
  form.append('definition', definition);
  form.append('input', input);
  form.append('file', file, file.name);
  return form;
}

/**
 * Uploads a file for a test run of the draft (`POST /workspaces/{slug}/test-files`), through the API client, so the
 * CSRF header and the lost-session handling go along as for every other write. Throws the server's ApiError.
 */
export async function uploadTestFile(client: ApiClient, upload: TestFileUpload): Promise<TestFile> {
  const typed = client as unknown as Client<TestFilePaths>;
  const { data, error, response } = await typed.POST(TEST_FILES, {
    params: { path: { slug: upload.slug } },
    body: testFileForm(upload),
  });
  if (data === undefined) throw apiError(error, response);
  return data;
}

/**
 * Why an upload failed, in the server's words to show under the field (without its leading "file: ", and not
 * capitalising the file's name when the words start with it); the definition's problems, to list apart, when those
 * were why.
 */
export function uploadFailure(error: unknown, fileName = ''): { message: string; definitionProblems: Problem[] } {
  if (error instanceof ApiError && error.field === 'definition' && error.problems.length > 0) {
    return {
      message: 'The workflow has problems to fix before a file can be tried with it: they are listed below.',
      definitionProblems: error.problems,
    };
  }
  if (!(error instanceof ApiError)) return { message: errorMessage(error), definitionProblems: [] };
  const prefix = error.field === undefined ? '' : `${error.field}: `;
  const words = prefix !== '' && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  const message = fileName !== '' && words.startsWith(fileName) ? words : sentence(words);
  return { message, definitionProblems: [] };
}

/** The largest file an input takes when its definition does not say, as the server has it. */
export const DEFAULT_MAX_SIZE = '10MB';

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/**
 * `512KB`, `10MB`, `1GB` (powers of 1024) in bytes, read as the server reads `max_size`; null when it is not a size
 * the server would take (the definition's problems then say so, and the browser leaves the check to the server).
 */
export function parseSize(raw: string): number | null {
  const match = /^(\d+)\s*([A-Z]*)$/.exec(raw.trim().toUpperCase());
  const scale = match ? SIZE_UNITS[match[2]!] : undefined;
  if (!match || scale === undefined) return null;
  const bytes = Number(match[1]) * scale;
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : null;
}

/**
 * A file input of the draft as the drop zone reads it: its kinds (`accept`), and its largest size in bytes and words
 * (`max_size`, 10MB when not given), so a file too large or of the wrong kind is refused before it is sent.
 */
export function testFileInput(name: string, spec: Pick<InputDoc, 'required' | 'accept' | 'max_size'>): FileDropInput {
  const maxBytes = parseSize(spec.max_size ?? DEFAULT_MAX_SIZE);
  return {
    name,
    required: spec.required === true,
    accept: spec.accept ?? null,
    max_bytes: maxBytes,
    max_size: maxBytes === null ? null : formatBytes(maxBytes),
  };
}

/** Whether any file input still in the workflow has a file on its way: the test waits for it. */
export function uploadInFlight(files: Readonly<Record<string, TestFileState>>, names: readonly string[]): boolean {
  return names.some((name) => files[name]?.uploading != null);
}
