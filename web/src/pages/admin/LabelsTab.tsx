import { Alert, Badge, Button, Code, Group, Paper, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconCircleCheck, IconInfoCircle, IconPlus, IconTags } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage, sentence } from '../../api/errors';
import { ConfirmModal } from '../../components/ConfirmModal';
import { QueryState } from '../../components/QueryState';
import { useLastValue } from '../../components/useLastValue';
import { categoryNameProblem, KNOWN_CATEGORIES, LEVEL_INFO, LEVELS, type Level } from './clearance';
import {
  useAddCategory,
  useLabels,
  useRemoveCategory,
  useRenameLevel,
  type CategoryView,
  type LabelCatalogue,
  type LevelView,
} from './labelQueries';

const MAX_LEVEL_NAME = 40;
const MAX_DESCRIPTION = 300;
const NAME_RULE = 'Use lower-case letters, digits and dashes, starting with a letter (for example legal-hold)';

/** What a label is and how labels combine, in plain words, with the organisation's names for the levels. */
function HowLabelsWork({ catalogue }: { catalogue: LabelCatalogue }) {
  const name = (level: Level) => catalogue.levels.find((l) => l.level === level)?.name ?? LEVEL_INFO[level].label;
  return (
    <Paper withBorder radius="md" p="lg" bg="var(--mantine-color-default-hover)" data-testid="labels-explained">
      <Group gap="sm" mb="xs" wrap="nowrap">
        <IconInfoCircle size={20} stroke={1.6} color="var(--mantine-color-blue-6)" />
        <Text fw={600}>What a label is</Text>
      </Group>
      <Stack gap="xs" maw={860}>
        <Text size="sm">
          A <b>label</b> says how sensitive a piece of data is: one of the four levels below, and, when it holds a special
          kind of data such as personal data, the categories for it. It is written <Code>confidential/pii</Code>. The
          inputs of workflows and what connections return carry labels. Models, and the systems workflows send data to,
          have a <b>clearance</b> written the same way: the most sensitive data they may receive.
        </Text>
        <Text size="sm">
          When a step combines values, its result carries the higher level and every category of each: a summary of an{' '}
          {name('internal')} ticket and a {name('confidential')} claim holding personal data is {name('confidential')} with
          pii (<Code>internal</Code> + <Code>confidential/pii</Code> = <Code>confidential/pii</Code>). Masking text does
          not lower its label. Before a workflow runs, the policy check follows every value this way and stops any that
          would reach a model or system not cleared for it.
        </Text>
      </Stack>
    </Paper>
  );
}

/** Where the level sits in the order: "1 · lowest" … "4 · highest". */
function position(index: number, count: number): string {
  if (index === 0) return `${index + 1} · least sensitive`;
  if (index === count - 1) return `${index + 1} · most sensitive`;
  return String(index + 1);
}

interface LevelEditorProps {
  level: LevelView;
  index: number;
  count: number;
  onSaved: (message: string) => void;
}

/** One level: its name and description in the organisation's words, saved on their own. */
function LevelEditor({ level, index, count, onSaved }: LevelEditorProps) {
  const rename = useRenameLevel();
  const [name, setName] = useState(level.name);
  const [description, setDescription] = useState(level.description);
  const [nameError, setNameError] = useState<string | null>(null);
  const changed = name.trim() !== level.name || description.trim() !== level.description;
  const color = LEVELS.includes(level.level as Level) ? LEVEL_INFO[level.level as Level].color : 'gray';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      setNameError('Give the level a name, such as Confidential');
      return;
    }
    setNameError(null);
    rename.mutate(
      { level: level.level, name: trimmed, description: description.trim() },
      {
        onSuccess: (saved) =>
          onSaved(
            saved.name === level.name
              ? `The description of ${saved.name} is saved.`
              : `The level ${saved.level} is now called “${saved.name}”.`,
          ),
        onError: (error) => {
          if (error instanceof ApiError && error.field === 'name') setNameError(sentence(error.fieldMessage));
        },
      },
    );
  };

  const otherError = rename.error !== null && !(rename.error instanceof ApiError && rename.error.field === 'name');
  return (
    <Paper withBorder radius="md" p="md" data-testid={`label-level-${level.level}`}>
      <form onSubmit={submit} noValidate aria-label={`Level ${level.level}`}>
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="xs" wrap="nowrap">
              <Badge variant="light" color={color} tt="none" fw={600} size="lg">
                {level.name}
              </Badge>
              <Text size="xs" c="dimmed">
                written <Code fz="xs">{level.level}</Code>
              </Text>
            </Group>
            <Text size="xs" c="dimmed">
              {position(index, count)}
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="Name"
              description="What people in your organisation call it."
              maxLength={MAX_LEVEL_NAME}
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                setNameError(null);
              }}
              error={nameError}
            />
            <Textarea
              label="Description"
              description="What data belongs here, with an example or two."
              autosize
              minRows={2}
              maxRows={5}
              maxLength={MAX_DESCRIPTION}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
          </SimpleGrid>
          {otherError && (
            <Alert color="red" role="alert" p="xs">
              {errorMessage(rename.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" size="compact-md" variant="light" disabled={!changed} loading={rename.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The form under the categories: a name as labels write it, and what it means. */
function AddCategoryForm({ existing, onAdded }: { existing: readonly CategoryView[]; onAdded: (message: string) => void }) {
  const add = useAddCategory();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const trimmed = name.trim();
    const problem =
      categoryNameProblem(trimmed) ?? (existing.some((c) => c.name === trimmed) ? `There is already a category ${trimmed}` : null);
    setNameError(problem);
    if (problem !== null) return;
    add.mutate(
      { name: trimmed, description: description.trim() },
      {
        onSuccess: (added) => {
          setName('');
          setDescription('');
          onAdded(`The category ${added.name} is added: models and connections may now name it.`);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'already_exists') setNameError(`There is already a category ${trimmed}`);
          else if (error instanceof ApiError && error.field === 'name') setNameError(NAME_RULE);
          else if (error instanceof ApiError && error.field === 'description') setFormError(sentence(error.fieldMessage));
          else setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={submit} noValidate aria-label="Add a category" data-testid="add-category-form">
        <Stack gap="sm">
          <Text size="sm" fw={600}>
            Add a category
          </Text>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label="Name"
              description="As labels write it: lower-case letters, digits and dashes."
              placeholder="legal-hold"
              autoComplete="off"
              spellCheck={false}
              maxLength={40}
              w={260}
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                setNameError(null);
              }}
              error={nameError}
            />
            <TextInput
              label="Description"
              description="What data it marks, in words everyone understands."
              placeholder="Documents kept for a lawsuit, which must not leave the company"
              maxLength={MAX_DESCRIPTION}
              style={{ flex: 1, minWidth: 260 }}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
          </Group>
          {formError !== null && (
            <Alert color="red" role="alert" p="xs">
              {formError}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" leftSection={<IconPlus size={16} stroke={1.6} />} loading={add.isPending}>
              Add category
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function CategoryTable({ categories, onRemove }: { categories: readonly CategoryView[]; onRemove: (category: CategoryView) => void }) {
  if (categories.length === 0) {
    return (
      <Paper radius="md" p="lg" bg="var(--mantine-color-default-hover)" data-testid="categories-empty">
        <Stack gap={4} align="center" ta="center">
          <IconTags size={28} stroke={1.6} color="var(--mantine-color-dimmed)" />
          <Text fw={500}>No categories yet</Text>
          <Text size="sm" c="dimmed" maw={460}>
            Add the special kinds of data your organisation needs to keep apart, such as pii for personal data. Labels and
            clearances may name only the categories listed here.
          </Text>
        </Stack>
      </Paper>
    );
  }
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={520} type="native">
        <Table verticalSpacing="sm" data-testid="categories-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={200}>Category</Table.Th>
              <Table.Th>What it marks</Table.Th>
              <Table.Th w={110} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {categories.map((category) => (
              <Table.Tr key={category.name} data-testid={`category-row-${category.name}`}>
                <Table.Td>
                  <Code fz="sm">{category.name}</Code>
                </Table.Td>
                <Table.Td>
                  {category.description ? (
                    <Text size="sm">{category.description}</Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {KNOWN_CATEGORIES[category.name]?.words ?? 'No description'}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  <Button
                    variant="subtle"
                    color="red"
                    size="compact-sm"
                    onClick={() => onRemove(category)}
                    aria-label={`Remove ${category.name}`}
                  >
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** Asks before removing a category; the API refuses while a model or connection names it, and says which. */
function RemoveCategoryModal({
  category: current,
  onClose,
  onRemoved,
}: {
  category: CategoryView | null;
  onClose: () => void;
  onRemoved: (name: string) => void;
}) {
  const category = useLastValue(current);
  const remove = useRemoveCategory();
  const close = () => {
    remove.reset();
    onClose();
  };
  const inUse = remove.error instanceof ApiError && remove.error.code === 'in_use';
  return (
    <ConfirmModal
      opened={current !== null}
      title={category ? `Remove the category ${category.name}?` : ''}
      confirmLabel="Remove category"
      danger
      pending={remove.isPending}
      error={inUse ? undefined : remove.error}
      onConfirm={() =>
        category &&
        remove.mutate(category.name, {
          onSuccess: () => {
            remove.reset();
            onRemoved(category.name);
          },
        })
      }
      onClose={close}
      testId="remove-category-confirm"
    >
      {category && (
        <Stack gap="xs">
          <Text size="sm">
            Labels and clearances can then no longer name <Code>{category.name}</Code>. Paddock keeps it while a model or a
            connection still names it.
          </Text>
          {inUse && (
            <Alert color="orange" title="It is still in use" role="alert" data-testid="category-in-use">
              {errorMessage(remove.error)}
            </Alert>
          )}
        </Stack>
      )}
    </ConfirmModal>
  );
}

/**
 * The Labels & policy tab of the Admin page: the organisation's label catalogue. The four levels, named and described
 * in its own words, and the categories labels and clearances may name.
 */
export function LabelsTab() {
  const labels = useLabels();
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<CategoryView | null>(null);
  const catalogue = labels.data;
  const say = (message: string) => setNotice(message);

  return (
    <>
      {notice !== null && (
        <Alert
          color="green"
          icon={<IconCircleCheck />}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setNotice(null)}
          mb="md"
          role="status"
          data-testid="labels-notice"
        >
          {notice}
        </Alert>
      )}
      <Text size="sm" c="dimmed" maw={720} mb="md">
        How sensitive your organisation’s data is, in its own words: the levels data is labelled with, and the special
        categories it may hold. Models and connections are cleared against these.
      </Text>
      <QueryState query={labels} errorTitle="The labels could not be loaded" loadingLabel="Loading labels" rows={4}>
        {catalogue !== undefined && (
          <Stack gap={40}>
            <HowLabelsWork catalogue={catalogue} />
            <Stack gap="sm" data-testid="label-levels">
              <Title order={2} size="h4">
                Levels
              </Title>
              <Text size="sm" c="dimmed" maw={720}>
                From the least to the most sensitive. Name and describe them as your organisation does; the written form
                (such as <Code>confidential</Code>) and the order never change, so labels already set keep their meaning.
              </Text>
              {catalogue.levels.map((level, index) => (
                <LevelEditor
                  key={`${level.level}:${level.name}:${level.description}`}
                  level={level}
                  index={index}
                  count={catalogue.levels.length}
                  onSaved={say}
                />
              ))}
            </Stack>
            <Stack gap="sm" data-testid="label-categories">
              <Title order={2} size="h4">
                Categories
              </Title>
              <Text size="sm" c="dimmed" maw={720}>
                Special kinds of data that need their own clearance whatever their level, such as personal or health data.
                Models and connections may name only these.
              </Text>
              <CategoryTable categories={catalogue.categories} onRemove={setRemoving} />
              <AddCategoryForm existing={catalogue.categories} onAdded={say} />
            </Stack>
          </Stack>
        )}
      </QueryState>
      <RemoveCategoryModal
        category={removing}
        onClose={() => setRemoving(null)}
        onRemoved={(name) => {
          setRemoving(null);
          setNotice(`The category ${name} is removed.`);
        }}
      />
    </>
  );
}
