import { Select } from '@mantine/core';
import type { VersionView } from './types';
import { versionLabel } from './words';

interface VersionSelectProps {
  versions: readonly VersionView[];
  value: number | null;
  onChange: (number: number) => void;
  label?: string;
  description?: string;
  /** Words to add after a version, e.g. "live now". */
  note?: (version: VersionView) => string | null;
}

/** Choose one of the workflow's versions: "v3 — Route outages to on-call". */
export function VersionSelect({ versions, value, onChange, label = 'Version', description, note }: VersionSelectProps) {
  const data = versions.map((version) => {
    const extra = note?.(version);
    return {
      value: String(version.number),
      label: `${versionLabel(version.number)} — ${version.message}${extra ? ` (${extra})` : ''}`,
    };
  });
  return (
    <Select
      label={label}
      description={description}
      data={data}
      value={value === null ? null : String(value)}
      onChange={(next) => next !== null && onChange(Number(next))}
      allowDeselect={false}
      placeholder="Choose a version"
      required
      data-testid="version-select"
    />
  );
}
