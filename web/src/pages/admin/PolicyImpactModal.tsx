import { Alert, Badge, Button, Code, Group, List, Modal, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { errorMessage } from '../../api/errors';
import { environmentName } from './connections';
import { affectedWorkflows } from './impact';
import type { Affected } from './labelQueries';

/** What the preview answered before a save: the workflows it would break, or why it could not tell. */
export type ImpactCheck = { affected: Affected[] } | { error: unknown };

interface PolicyImpactModalProps {
  /** The preview's answer; null when closed. */
  check: ImpactCheck | null;
  /** Each workspace's name by its slug. */
  workspaceNames: ReadonlyMap<string, string>;
  /** Whether the save chosen with "Save anyway" is running. */
  saving: boolean;
  onSave: () => void;
  onBack: () => void;
}

/** "1 workflow", "3 workflows". */
function workflows(count: number): string {
  return count === 1 ? '1 workflow' : `${count} workflows`;
}

/** The title of the dialog: what saving would do. */
export function impactTitle(check: ImpactCheck): string {
  if ('error' in check) return 'Paddock could not check what this change would break';
  return `This change would put ${workflows(affectedWorkflows(check.affected))} in violation of policy`;
}

function AffectedCard({ affected, workspaceNames }: { affected: Affected; workspaceNames: ReadonlyMap<string, string> }) {
  const workspace = workspaceNames.get(affected.workspace) ?? affected.workspace;
  return (
    <Paper withBorder radius="md" p="md" data-testid={`impact-${affected.workspace}-${affected.workflow}-${affected.environment}`}>
      <Group gap="xs" mb="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {workspace} / <Code fz="sm">{affected.workflow}</Code>
        </Text>
        <Badge variant="light" color="gray" tt="none" fw={500}>
          {environmentName(affected.environment)}
        </Badge>
      </Group>
      <List spacing="sm" size="sm">
        {affected.violations.map((violation, index) => (
          <List.Item key={`${violation.path}-${index}`}>
            <Text size="sm">{violation.message}</Text>
            <Text size="sm" c="dimmed" mt={2}>
              <Text span fw={600} size="sm" c="dimmed">
                Fix:
              </Text>{' '}
              {violation.fix}
            </Text>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

/**
 * Asks before saving a change to a model or a connection that would put workflows in violation of policy: names each
 * workflow (per workspace and environment) with what would go wrong and what would fix it.
 */
export function PolicyImpactModal({ check, workspaceNames, saving, onSave, onBack }: PolicyImpactModalProps) {
  return (
    <Modal opened={check !== null} onClose={onBack} title={check === null ? '' : impactTitle(check)} size="lg" zIndex={400}>
      {check !== null && (
        <Stack gap="md" data-testid="policy-impact">
          {'error' in check ? (
            <Alert color="orange" icon={<IconAlertTriangle />} role="alert">
              {errorMessage(check.error)} You can save anyway, without knowing which workflows it would affect, or go
              back.
            </Alert>
          ) : (
            <>
              <Text size="sm">
                Saving is not refused, but{' '}
                {affectedWorkflows(check.affected) === 1 ? 'this workflow' : 'these workflows'} would then fail the policy
                check until {affectedWorkflows(check.affected) === 1 ? 'it is' : 'they are'} changed. Here is what would
                go wrong, and what would fix it.
              </Text>
              <ScrollArea.Autosize mah="55vh" type="auto" offsetScrollbars>
                <Stack gap="sm">
                  {check.affected.map((affected) => (
                    <AffectedCard
                      key={`${affected.workspace}/${affected.workflow}/${affected.environment}`}
                      affected={affected}
                      workspaceNames={workspaceNames}
                    />
                  ))}
                </Stack>
              </ScrollArea.Autosize>
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onBack} data-autofocus>
              Go back
            </Button>
            <Button color="orange" loading={saving} onClick={onSave}>
              Save anyway
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
