import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import type { WorkflowTemplate } from './templateQueries';
import { kindsUsed, stepCount } from './templateSearch';

interface TemplateCardProps {
  template: WorkflowTemplate;
  /** A step kind's title, as builders know it ("Classify" for `llm.classify`). */
  titleOf: (uses: string) => string;
  /** False when there is no workspace to save a workflow in. */
  canUse: boolean;
  onUse: () => void;
}

/** One template: what it is for, what it is made of, and the button to start from it. */
export function TemplateCard({ template, titleOf, canUse, onUse }: TemplateCardProps) {
  const kinds = kindsUsed(template.definition);
  return (
    <Card withBorder radius="md" padding="lg" data-testid={`template-card-${template.name}`}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h5">
            {template.title}
          </Title>
          {template.category && (
            <Badge variant="light" style={{ flexShrink: 0 }}>
              {template.category}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed" style={{ flexGrow: 1 }}>
          {template.description}
        </Text>
        <Stack gap={6}>
          <Text size="xs" fw={500} data-testid="template-uses">
            {`Uses ${stepCount(template.steps)}`}
          </Text>
          {kinds.length > 0 && (
            <Group gap={6}>
              {kinds.map((kind) => (
                <Badge key={kind} size="sm" variant="outline" color="gray" tt="none">
                  {titleOf(kind)}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
        <Button
          variant="light"
          rightSection={<IconArrowRight size={16} />}
          onClick={onUse}
          disabled={!canUse}
          data-testid={`template-use-${template.name}`}
        >
          Use this template
        </Button>
      </Stack>
    </Card>
  );
}
