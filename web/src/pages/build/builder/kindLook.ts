// How each step kind looks and where the palette files it: one place, so the palette and the canvas agree.
import {
  IconArrowsSplit,
  IconBox,
  IconBooks,
  IconBraces,
  IconEyeOff,
  IconFileDescription,
  IconFileExport,
  IconFileText,
  IconForms,
  IconPlugConnected,
  IconRepeat,
  IconScan,
  IconSparkles,
  IconTags,
  IconUserCheck,
  type Icon,
} from '@tabler/icons-react';

export interface KindLook {
  icon: Icon;
  /** A Mantine colour name. */
  color: string;
  /** The palette group it is listed under. */
  group: PaletteGroup;
}

/** The palette's groups, in the order they are listed. */
export const PALETTE_GROUPS = [
  'Ask AI',
  'Decide and repeat',
  'Work with data',
  'Documents and knowledge',
  'People',
  'Other systems',
  'Other',
] as const;
export type PaletteGroup = (typeof PALETTE_GROUPS)[number];

const LOOKS: Readonly<Record<string, KindLook>> = {
  llm: { icon: IconSparkles, color: 'violet', group: 'Ask AI' },
  'llm.extract': { icon: IconForms, color: 'violet', group: 'Ask AI' },
  'llm.classify': { icon: IconTags, color: 'violet', group: 'Ask AI' },
  branch: { icon: IconArrowsSplit, color: 'orange', group: 'Decide and repeat' },
  map: { icon: IconRepeat, color: 'teal', group: 'Decide and repeat' },
  template: { icon: IconBraces, color: 'blue', group: 'Work with data' },
  redact: { icon: IconEyeOff, color: 'pink', group: 'Work with data' },
  output: { icon: IconFileExport, color: 'green', group: 'Work with data' },
  retrieve: { icon: IconBooks, color: 'indigo', group: 'Documents and knowledge' },
  extract_text: { icon: IconFileText, color: 'indigo', group: 'Documents and knowledge' },
  ocr: { icon: IconScan, color: 'indigo', group: 'Documents and knowledge' },
  document: { icon: IconFileDescription, color: 'indigo', group: 'Documents and knowledge' },
  approval: { icon: IconUserCheck, color: 'grape', group: 'People' },
  connector: { icon: IconPlugConnected, color: 'cyan', group: 'Other systems' },
};

const UNKNOWN: KindLook = { icon: IconBox, color: 'gray', group: 'Other' };

export function kindLook(uses: string): KindLook {
  return LOOKS[uses] ?? (uses.startsWith('llm.') ? LOOKS.llm! : UNKNOWN);
}
