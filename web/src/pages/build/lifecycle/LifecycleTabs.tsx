import { Tabs } from '@mantine/core';
import { IconEdit, IconRocket, IconVersions } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { DraftView } from '../../../api/types';
import { PipelinePanel } from './PipelinePanel';
import type { LifecycleRights, VersionView } from './types';
import { VersionsPanel } from './VersionsPanel';

export type LifecycleTab = 'draft' | 'versions' | 'pipeline';

const TABS: readonly { id: LifecycleTab; label: string; icon: typeof IconEdit }[] = [
  { id: 'draft', label: 'Draft', icon: IconEdit },
  { id: 'versions', label: 'Versions', icon: IconVersions },
  { id: 'pipeline', label: 'Pipeline', icon: IconRocket },
];

function tabOf(value: string | null): LifecycleTab {
  return TABS.find((tab) => tab.id === value)?.id ?? 'draft';
}

interface LifecycleTabsProps {
  draft: DraftView;
  rights: LifecycleRights;
  /** Whether the editor holds changes not saved yet. */
  unsaved: boolean;
  /** The editor, kept as it is while another tab shows. */
  editor: ReactNode;
  /** A version was made the draft again: the editor shows it. */
  onRestored: (version: VersionView, draft: DraftView) => void;
}

/** One workflow's draft, its versions, and where they are deployed: a tab each, the one shown kept in the address. */
export function LifecycleTabs({ draft, rights, unsaved, editor, onRestored }: LifecycleTabsProps) {
  const [params, setParams] = useSearchParams();
  const active = tabOf(params.get('tab'));
  const select = (value: string | null) => setParams(value === null || value === 'draft' ? {} : { tab: value }, { replace: true });
  const workflow = { slug: draft.workspace, name: draft.name };

  return (
    // The editor stays mounted (hidden) so that what is typed survives a look at the versions.
    <Tabs value={active} onChange={select} keepMountedMode="display-none">
      <Tabs.List mb="lg">
        {TABS.map(({ id, label, icon: Icon }) => (
          <Tabs.Tab key={id} value={id} leftSection={<Icon size={16} stroke={1.6} />} data-testid={`lifecycle-tab-${id}`}>
            {label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      <Tabs.Panel value="draft">{editor}</Tabs.Panel>
      <Tabs.Panel value="versions">
        {active === 'versions' && (
          <VersionsPanel
            workflow={workflow}
            draft={draft}
            rights={rights}
            unsaved={unsaved}
            onRestored={(version, restored) => {
              select('draft');
              onRestored(version, restored);
            }}
          />
        )}
      </Tabs.Panel>
      <Tabs.Panel value="pipeline">{active === 'pipeline' && <PipelinePanel workflow={workflow} rights={rights} />}</Tabs.Panel>
    </Tabs>
  );
}
