import { ActionIcon, Badge, Group, Skeleton, Stack, Text, TextInput, ThemeIcon, Tooltip } from '@mantine/core';
import { IconCpu, IconLayoutSidebarLeftCollapse, IconLayoutSidebarLeftExpand, IconPlus, IconSearch, type Icon } from '@tabler/icons-react';
import { memo, useState, type ReactNode } from 'react';
import type { UsableConnection } from '../../../../api/types';
import { kindLook, PALETTE_GROUPS } from '../kindLook';
import type { StepKind, UsableModel } from '../panels/types';
import { actionTemplate, kindTemplate, modelTemplate, writeDragged, type StepTemplate } from './stepTemplates';

interface PaletteProps {
  kinds: StepKind[] | undefined;
  connections: UsableConnection[] | undefined;
  /** Null when the server cannot list models (model steps then take a name as typed). */
  models: UsableModel[] | null | undefined;
  defaultModel: string;
  /** Nothing can be added (the YAML cannot be read). */
  disabled: boolean;
  onAdd: (template: StepTemplate) => void;
  /** Shown as a narrow column of icons, to leave the canvas more room. */
  collapsed: boolean;
  onCollapse: (collapsed: boolean) => void;
}

interface ItemProps {
  testId: string;
  icon: Icon;
  color: string;
  title: string;
  description: string;
  template: StepTemplate;
  disabled: boolean;
  onAdd: (template: StepTemplate) => void;
  aside?: ReactNode;
}

/** One thing to add: dragged onto the canvas, or added with its button (where the view is centred). */
function PaletteItem({ testId, icon: ItemIcon, color, title, description, template, disabled, onAdd, aside }: ItemProps) {
  return (
    <Group
      className="builder-palette-item"
      data-testid={testId}
      draggable={!disabled}
      onDragStart={(event) => writeDragged(event.dataTransfer, template)}
      wrap="nowrap"
      gap={8}
      px={6}
      py={4}
      align="flex-start"
      bg="white"
      style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-md)', opacity: disabled ? 0.6 : 1 }}
    >
      <ThemeIcon variant="light" color={color} size={24} radius="md" aria-hidden mt={4}>
        <ItemIcon size={16} stroke={1.7} />
      </ThemeIcon>
      <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
        <Group gap={4} wrap="nowrap">
          <Text size="sm" fw={600} truncate>
            {title}
          </Text>
          {aside}
        </Group>
        <Tooltip label={description} multiline w={260} openDelay={400} withinPortal disabled={description === ''}>
          <Text size="xs" c="dimmed" truncate>
            {description}
          </Text>
        </Tooltip>
      </Stack>
      <ActionIcon variant="subtle" size="sm" aria-label={`Add ${title}`} onClick={() => onAdd(template)} disabled={disabled} mt={4}>
        <IconPlus size={16} />
      </ActionIcon>
    </Group>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6} component="section" aria-label={title}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" style={{ letterSpacing: 0.4 }}>
        {title}
      </Text>
      {children}
    </Stack>
  );
}

function matches(query: string, ...words: string[]): boolean {
  const wanted = query.trim().toLowerCase();
  return wanted === '' || words.some((word) => word.toLowerCase().includes(wanted));
}

/** The palette folded: an icon per kind of step, each dragged or clicked to add, as in the full palette. */
function PaletteRail({ kinds, defaultModel, disabled, onAdd, onCollapse }: PaletteProps) {
  return (
    <Stack gap={6} p={6} align="center" h="100%" style={{ overflowY: 'auto' }} data-testid="builder-palette" component="nav" aria-label="Steps to add">
      <Tooltip label="Show the palette" position="right" withinPortal>
        <ActionIcon variant="subtle" color="gray" aria-label="Show the palette" onClick={() => onCollapse(false)}>
          <IconLayoutSidebarLeftExpand size={18} />
        </ActionIcon>
      </Tooltip>
      {(kinds ?? []).map((kind) => {
        const look = kindLook(kind.name);
        const template = kindTemplate(kind, defaultModel);
        return (
          <Tooltip key={kind.name} label={`${kind.title}: drag onto the canvas, or click to add`} position="right" withinPortal>
            <ActionIcon
              variant="light"
              color={look.color}
              size="lg"
              aria-label={`Add ${kind.title}`}
              draggable={!disabled}
              onDragStart={(event) => writeDragged(event.dataTransfer, template)}
              onClick={() => onAdd(template)}
              disabled={disabled}
              data-testid={`palette-kind-${kind.name}`}
            >
              <look.icon size={18} stroke={1.7} />
            </ActionIcon>
          </Tooltip>
        );
      })}
    </Stack>
  );
}

/** The left column: step kinds by group, then the workspace's connections with their actions, then its models. */
export const Palette = memo(function Palette(props: PaletteProps) {
  const { kinds, connections, models, defaultModel, disabled, onAdd, collapsed, onCollapse } = props;
  const [query, setQuery] = useState('');
  if (collapsed) return <PaletteRail {...props} />;
  const shownKinds = (kinds ?? []).filter((kind) => matches(query, kind.title, kind.name, kind.description));
  const shownConnections = (connections ?? [])
    .map((connection) => ({
      connection,
      actions: connection.actions.filter((action) => matches(query, connection.alias, action.name, action.description)),
    }))
    .filter(({ actions }) => actions.length > 0);
  const shownModels = (models ?? []).filter((model) => matches(query, model.name, model.description, model.provider));

  return (
    <Stack gap="md" p="sm" h="100%" style={{ overflowY: 'auto' }} data-testid="builder-palette" component="nav" aria-label="Steps to add">
      <Group gap={4} wrap="nowrap">
        <TextInput
          size="xs"
          aria-label="Find a step to add"
          placeholder="Find a step…"
          leftSection={<IconSearch size={14} />}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Tooltip label="Fold the palette" withinPortal>
          <ActionIcon variant="subtle" color="gray" aria-label="Fold the palette" onClick={() => onCollapse(true)}>
            <IconLayoutSidebarLeftCollapse size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {kinds === undefined && <Skeleton height={160} radius="md" aria-label="Loading the kinds of step" />}
      {PALETTE_GROUPS.map((group) => {
        const inGroup = shownKinds.filter((kind) => kindLook(kind.name).group === group);
        if (inGroup.length === 0) return null;
        return (
          <Section key={group} title={group}>
            {inGroup.map((kind) => (
              <PaletteItem
                key={kind.name}
                testId={`palette-kind-${kind.name}`}
                icon={kindLook(kind.name).icon}
                color={kindLook(kind.name).color}
                title={kind.title}
                description={kind.description}
                template={kindTemplate(kind, defaultModel)}
                disabled={disabled}
                onAdd={onAdd}
              />
            ))}
          </Section>
        );
      })}
      {shownConnections.length > 0 && (
        <Section title="Connections in dev">
          {shownConnections.map(({ connection, actions }) => (
            <Stack key={connection.alias} gap={4}>
              <Text size="xs" fw={600} ff="monospace" title={connection.description}>
                {connection.alias}{' '}
                <Text span size="xs" c="dimmed" ff="inherit">
                  · {connection.kind}
                </Text>
              </Text>
              {actions.map((action) => (
                <PaletteItem
                  key={action.name}
                  testId={`palette-action-${connection.alias}-${action.name}`}
                  icon={kindLook('connector').icon}
                  color={kindLook('connector').color}
                  title={action.name}
                  description={action.description}
                  template={actionTemplate(connection, action)}
                  disabled={disabled}
                  onAdd={onAdd}
                  aside={
                    <Badge size="xs" variant="light" color={action.access === 'read' ? 'gray' : 'orange'} tt="none">
                      {action.access}
                    </Badge>
                  }
                />
              ))}
            </Stack>
          ))}
        </Section>
      )}
      {shownModels.length > 0 && (
        <Section title="Models">
          {shownModels.map((model) => (
            <PaletteItem
              key={model.name}
              testId={`palette-model-${model.name}`}
              icon={IconCpu}
              color={model.ready ? 'violet' : 'gray'}
              title={model.name}
              description={`${model.ready ? '' : 'Not ready yet. '}${model.description} Cleared for ${model.clearance}.`}
              template={modelTemplate(model)}
              disabled={disabled}
              onAdd={onAdd}
            />
          ))}
        </Section>
      )}
      {query !== '' && shownKinds.length + shownConnections.length + shownModels.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing matches “{query}”.
        </Text>
      )}
    </Stack>
  );
});
