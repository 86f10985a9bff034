import { Select } from '@mantine/core';
import type { WorkspaceSummary } from '../api/types';

interface WorkspaceSelectProps {
  options: readonly WorkspaceSummary[];
  value: string | null;
  onChange: (slug: string) => void;
  label?: string;
  description?: string;
}

/** Picks one of the workspaces the person may act in here. */
export function WorkspaceSelect({ options, value, onChange, label = 'Workspace', description }: WorkspaceSelectProps) {
  return (
    <Select
      label={label}
      description={description}
      data={options.map((workspace) => ({ value: workspace.slug, label: workspace.name }))}
      value={value}
      onChange={(slug) => {
        if (slug !== null) onChange(slug);
      }}
      allowDeselect={false}
      w={260}
      data-testid="workspace-select"
    />
  );
}
