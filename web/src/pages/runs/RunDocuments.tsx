import { Anchor, Button, Code, Group, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import type { ArtifactView, RunView } from '../../api/types';
import { deletedNote, documentFacts, retentionDay } from '../../components/documentFile';
import { localTime } from '../audit/format';

/** `review[2].letter` → `review`: the top-level step a step key belongs to. */
function topLevelStep(key: string): string {
  return /^[^[.]+/.exec(key)?.[0] ?? key;
}

/** The step that wrote the document: a link that opens it (the map it ran in, for an item's step). */
function WrittenBy({ stepKey, run, onOpenStep }: { stepKey: string; run: RunView; onOpenStep: (id: string) => void }) {
  const top = topLevelStep(stepKey);
  if (!run.definition.steps.some((step) => step.id === top)) return <Code>{stepKey}</Code>;
  return (
    <Anchor component="button" type="button" size="sm" onClick={() => onOpenStep(top)} aria-label={`Open step ${stepKey}`}>
      {stepKey}
    </Anchor>
  );
}

function Download({ artifact }: { artifact: ArtifactView }) {
  if (artifact.expired || !artifact.download) {
    return (
      <Text size="sm" c="dimmed" data-testid={`document-deleted-${artifact.id}`}>
        {deletedNote(artifact.expires_at)}
      </Text>
    );
  }
  return (
    <Stack gap={2} align="flex-end">
      <Button
        component="a"
        href={artifact.download}
        download
        variant="default"
        size="xs"
        leftSection={<IconDownload size={14} />}
        aria-label={`Download ${artifact.name}`}
        data-testid={`document-download-${artifact.id}`}
      >
        Download
      </Button>
      <Tooltip label={localTime(artifact.expires_at)} openDelay={300}>
        <Text size="xs" c="dimmed">
          Kept until {retentionDay(artifact.expires_at)}
        </Text>
      </Tooltip>
    </Stack>
  );
}

/** The documents the run wrote: each named, with its kind, size and step, and its download while it is kept. */
export function RunDocuments({ run, onOpenStep }: { run: RunView; onOpenStep: (id: string) => void }) {
  const artifacts = run.artifacts ?? [];
  if (artifacts.length === 0) return null;
  return (
    <div data-testid="run-documents">
      <Title order={2} size="h4" mb="sm">
        Documents
      </Title>
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={520} type="native">
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Document</Table.Th>
                <Table.Th w={200}>Written by</Table.Th>
                <Table.Th w={200} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {artifacts.map((artifact) => (
                <Table.Tr key={artifact.id} data-testid={`document-${artifact.id}`} data-expired={artifact.expired || undefined}>
                  <Table.Td>
                    <Stack gap={2}>
                      <Text size="sm" fw={500} c={artifact.expired ? 'dimmed' : undefined} style={{ overflowWrap: 'anywhere' }}>
                        {artifact.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {documentFacts(artifact)}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <WrittenBy stepKey={artifact.step_key} run={run} onOpenStep={onOpenStep} />
                  </Table.Td>
                  <Table.Td>
                    <Group justify="flex-end">
                      <Download artifact={artifact} />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </div>
  );
}
