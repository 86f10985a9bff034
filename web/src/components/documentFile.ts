// A document a `document` step wrote, as its output (and so any output passed on from it) gives it.
import { formatBytes } from '../pages/apps/form/files';
import { documentKindName } from '../pages/knowledge/documentKinds';

/**
 * A `document` step's output. Step outputs are free-form JSON, so the OpenAPI document does not describe it: these are
 * the fields the step gives, only those shown being relied on.
 */
export interface DocumentOutput {
  artifact?: string;
  name: string;
  media_type: string;
  size?: number;
  sha256?: string;
  /** The path the file is downloaded from: `/api/v1/runs/<run>/artifacts/<id>`. */
  download: string;
  expires_at?: string;
  written?: { connection: string; path: string };
}

/**
 * Only a run's own document is offered as a download: an output is whatever the workflow computed, so a value merely
 * shaped like one (pointing elsewhere) stays JSON.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const DOWNLOAD_PATH = new RegExp(`^/api/v1/runs/${UUID}/artifacts/${UUID}$`);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value is a document step's output: an object with a file `name`, a `media_type` and a `download` path. */
export function isDocumentOutput(value: unknown): value is DocumentOutput {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    typeof value.media_type === 'string' &&
    typeof value.download === 'string' &&
    DOWNLOAD_PATH.test(value.download) &&
    (value.size === undefined || typeof value.size === 'number')
  );
}

/** The documents a value holds: one document, or a list of them (a map over a document step); null for anything else. */
export function documentsIn(value: unknown): DocumentOutput[] | null {
  if (isDocumentOutput(value)) return [value];
  if (Array.isArray(value) && value.length > 0 && value.every(isDocumentOutput)) return value;
  return null;
}

/** "PDF · 12.4 KB": the kind and size of a document, as far as they are known. */
export function documentFacts(document: { media_type: string; size?: number | null | undefined }): string {
  const kind = documentKindName(document.media_type);
  return document.size == null ? kind : `${kind} · ${formatBytes(document.size)}`;
}

/** Whether a document's retention ended before `now`. */
export function isPastRetention(expiresAt: string | undefined, now = Date.now()): boolean {
  if (expiresAt === undefined) return false;
  const time = new Date(expiresAt).getTime();
  return !Number.isNaN(time) && time <= now;
}

const DAY = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** "27 Nov 2026": the day a document is (or was) deleted. */
export function retentionDay(rfc3339: string): string {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? rfc3339 : DAY.format(date);
}

/** "Deleted on 27 Nov 2026 at the end of its retention". */
export function deletedNote(expiresAt: string): string {
  return `Deleted on ${retentionDay(expiresAt)} at the end of its retention`;
}
