/**
 * What a file input accepts, checked in the browser before anything is sent: the server checks again (it reads the
 * kind from the content), but a person learns at once, in words, that a file is too large or of the wrong kind.
 */

/** The kind of a file by its extension, for when the browser does not say (it leaves `File.type` empty). */
const TYPE_BY_EXTENSION: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  text: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  exe: 'application/x-msdownload',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
};

/** Media types and families as a person names them. */
const KIND_WORDS: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'image/*': 'images',
  'text/*': 'text files',
  'audio/*': 'audio',
  'video/*': 'video',
  'text/plain': 'plain text',
  'text/markdown': 'Markdown',
  'text/csv': 'CSV',
  'application/json': 'JSON',
  'image/png': 'PNG images',
  'image/jpeg': 'JPEG images',
  'application/msword': 'Word documents',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word documents',
  'application/vnd.ms-excel': 'Excel spreadsheets',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel spreadsheets',
};

/** What `File` offers that the checks read; a plain object in tests. */
export interface FileLike {
  name: string;
  type: string;
  size: number;
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The file's media type: as the browser says, else by its extension; '' when neither tells. */
export function mediaType(file: Pick<FileLike, 'name' | 'type'>): string {
  const given = file.type.split(';')[0]!.trim().toLowerCase();
  return given !== '' ? given : (TYPE_BY_EXTENSION[extension(file.name)] ?? '');
}

/** Whether one accepted kind (`image/*`, `text/plain`, `.txt`) matches the file. */
function matches(kind: string, file: Pick<FileLike, 'name' | 'type'>): boolean {
  const wanted = kind.trim().toLowerCase();
  if (wanted === '' || wanted === '*' || wanted === '*/*') return true;
  if (wanted.startsWith('.')) return file.name.toLowerCase().endsWith(wanted);
  const type = mediaType(file);
  if (type === '') return false;
  if (wanted.endsWith('/*')) return type.startsWith(wanted.slice(0, -1));
  return type === wanted;
}

/** Whether the input takes the file's kind; an input without `accept` takes any. */
export function acceptsFile(accept: readonly string[] | null | undefined, file: Pick<FileLike, 'name' | 'type'>): boolean {
  if (!accept || accept.length === 0) return true;
  return accept.some((kind) => matches(kind, file));
}

/** "PDF, images, plain text or Markdown": the accepted kinds in words, each once. */
export function kindWords(accept: readonly string[] | null | undefined): string {
  if (!accept || accept.length === 0) return 'any kind of file';
  const words = [
    ...new Set(
      accept.map((kind) => {
        const key = kind.trim().toLowerCase();
        if (KIND_WORDS[key]) return KIND_WORDS[key];
        if (key.startsWith('.')) return `${key} files`;
        return key;
      }),
    ),
  ];
  if (words.length === 1) return words[0]!;
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]!}`;
}

/** "10 MB", "10.5 MB", "512 KB", "20 bytes": sizes as the server writes them (1 KB = 1,024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} ${units[unit]!}`;
}

/** The `accept` attribute of the file picker, so that it offers the accepted kinds first. */
export function acceptAttribute(accept: readonly string[] | null | undefined): string | undefined {
  return accept && accept.length > 0 ? accept.join(',') : undefined;
}

/** What a file input says it takes: its kinds, and its largest size in bytes and in words. An app's input has them all. */
export interface FileLimits {
  accept?: readonly string[] | null;
  max_bytes?: number | null;
  max_size?: string | null;
}

/** What a file input takes, for the words under it: "PDF, images, plain text or Markdown, up to 10 MB". */
export function fileRules(input: FileLimits): string {
  const kinds = kindWords(input.accept);
  const size = input.max_size ?? (input.max_bytes != null ? formatBytes(input.max_bytes) : null);
  const first = kinds.charAt(0).toUpperCase() + kinds.slice(1);
  return size === null ? first : `${first}, up to ${size}`;
}

/**
 * Why the input cannot take the file, in words; null when it can. `who` is what takes the file, as the words name it:
 * "this app" on an app's form.
 */
export function fileProblem(input: FileLimits, file: FileLike, who = 'this app'): string | null {
  if (!acceptsFile(input.accept, file)) {
    const type = mediaType(file);
    const what = type === '' ? `a kind of file ${who} cannot recognise` : `not a kind of file ${who} accepts`;
    return `“${file.name}” is ${what}. Choose ${kindWords(input.accept)}.`;
  }
  if (input.max_bytes != null && file.size > input.max_bytes) {
    const limit = input.max_size ?? formatBytes(input.max_bytes);
    return `“${file.name}” is ${formatBytes(file.size)}, larger than the ${limit} ${who} accepts. Choose a smaller file.`;
  }
  if (file.size === 0) return `“${file.name}” is empty. Choose a file with something in it.`;
  return null;
}
