import { Badge, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { IconExternalLink, IconShieldCheck, IconShieldExclamation, IconSnowflake } from '@tabler/icons-react';
import { Link } from 'react-router';
import { sentence } from '../../api/errors';
import { buildPipelinePath, deploymentsPath } from '../../pages/deployments/paths';
import { exceptionInForce, exceptionWords, type DriftNotice } from './words';

export interface NoticeRights {
  /** Open the workflow's pipeline in the Build section; the others open it on its /deployments page. */
  openPipeline: boolean;
  /** Freeze (admins and operators of the workspace). */
  freeze: boolean;
  /** Grant an exception (admins). */
  grant: boolean;
}

interface DriftNoticeCardProps {
  notice: DriftNotice;
  workspaceName: string;
  environmentName: string;
  rights: NoticeRights;
  onOpenPipeline: () => void;
  onFreeze: () => void;
  onGrant: () => void;
}

/** One live deployment that breaks policy: where it is, why, whether it is frozen or excused, and what may be done. */
export function DriftNoticeCard({ notice, workspaceName, environmentName, rights, onOpenPipeline, onFreeze, onGrant }: DriftNoticeCardProps) {
  const exception = exceptionInForce(notice);
  const pipeline = rights.openPipeline
    ? buildPipelinePath(notice.workspace, notice.workflow)
    : deploymentsPath(notice.workspace, notice.workflow);
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      bg={exception ? 'gray.0' : undefined}
      style={{ borderLeft: `4px solid var(--mantine-color-${exception ? 'yellow-5' : 'red-6'})` }}
      data-testid="drift-notice"
      data-state={exception ? 'excepted' : 'breaking'}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Stack gap={2}>
            <Title order={3} size="h5" data-testid="drift-notice-workflow">
              {notice.workflow}
            </Title>
            <Text size="sm" c="dimmed" data-testid="drift-notice-where">
              {workspaceName} · {environmentName} · v{notice.version}
            </Text>
          </Stack>
          <Group gap={6} wrap="nowrap">
            {notice.frozen && (
              <Badge color="blue" variant="light" leftSection={<IconSnowflake size={12} />} data-testid="drift-notice-frozen">
                Frozen
              </Badge>
            )}
            {exception ? (
              <Badge color="yellow" variant="light" leftSection={<IconShieldCheck size={12} />}>
                Under exception
              </Badge>
            ) : (
              <Badge color="red" variant="light" leftSection={<IconShieldExclamation size={12} />}>
                Breaks policy
              </Badge>
            )}
          </Group>
        </Group>
        {notice.violations.length > 0 && (
          <List spacing="xs" size="sm" data-testid="drift-violations">
            {notice.violations.map((violation, index) => (
              <List.Item key={`${violation.path}-${index}`} data-testid="drift-violation">
                {/* As the server wrote it: it starts with a path (`inputs.body`) and names the step. */}
                <Text size="sm" fw={500}>
                  {violation.message}
                </Text>
                {violation.fix && (
                  <Text size="sm" c="dimmed" data-testid="drift-violation-fix">
                    <Text span fw={600} size="sm" c="dark">
                      How to fix it:{' '}
                    </Text>
                    {sentence(violation.fix)}
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        )}
        {exception && (
          <Group gap={6} wrap="nowrap" align="flex-start" data-testid="drift-notice-exception">
            <IconShieldCheck size={16} color="var(--mantine-color-yellow-8)" style={{ flexShrink: 0, marginTop: 2 }} aria-hidden />
            <Text size="sm" c="yellow.9">
              {exceptionWords(exception)}
            </Text>
          </Group>
        )}
        <Group gap={6} data-testid="drift-notice-actions">
          <Button component={Link} to={pipeline} size="compact-sm" variant="light" leftSection={<IconExternalLink size={14} />} onClick={onOpenPipeline}>
            Open pipeline
          </Button>
          {rights.freeze && !notice.frozen && (
            <Button size="compact-sm" variant="default" color="red" leftSection={<IconSnowflake size={14} />} onClick={onFreeze}>
              Freeze…
            </Button>
          )}
          {rights.grant && (
            <Button size="compact-sm" variant="default" leftSection={<IconShieldCheck size={14} />} onClick={onGrant}>
              {exception ? 'Grant a new exception…' : 'Grant exception…'}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
