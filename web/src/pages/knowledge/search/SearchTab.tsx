import { Alert, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle, IconSearch, IconSearchOff } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage, sentence } from '../../../api/errors';
import { useSearch } from '../queries';
import type { KnowledgeBase } from '../types';
import { useCounts } from '../useCounts';
import { PassageCard } from './PassageCard';

const MAX_QUERY = 1000;

function failure(error: unknown): string {
  return error instanceof ApiError ? sentence(error.fieldMessage) : errorMessage(error);
}

/** Why there is nothing (or not everything) to search yet, from the knowledge base's counts. */
function ReadinessNote({ base }: { base: KnowledgeBase }) {
  const { total, ready, pending } = useCounts(base);
  if (total > 0 && ready === total) return null;
  const text =
    total === 0
      ? 'This knowledge base has no documents yet, so nothing can be found.'
      : ready === 0
        ? 'None of its documents is read yet: only documents that are ready can be searched.'
        : `${pending > 0 ? 'Some documents are still being read' : 'Some documents could not be read'}: only those that are ready are searched.`;
  return (
    <Alert color="blue" variant="light" icon={<IconInfoCircle />} role="note" data-testid="search-readiness">
      {text}
    </Alert>
  );
}

/**
 * Tries the knowledge base as a workflow would: the passages that best match some words, with the words found marked,
 * the headings they fall under and where they come from.
 */
export function SearchTab({ base }: { base: KnowledgeBase }) {
  const search = useSearch(base.slug);
  const [query, setQuery] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const asked = search.variables?.query;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const words = query.trim();
    if (words === '') {
      setProblem('Type some words to look for, such as “water damage”');
      return;
    }
    setProblem(null);
    search.mutate({ query: words });
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" maw={720}>
        See what a workflow would find here: type what you are looking for in your own words. Paddock returns the passages
        that match best, with the words it matched marked and where each comes from.
      </Text>
      <ReadinessNote base={base} />
      <form onSubmit={submit} noValidate role="search" aria-label={`Search ${base.name}`}>
        <Group align="flex-start" gap="sm" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            maw={640}
            placeholder="burst pipe water damage"
            aria-label="What to look for"
            leftSection={<IconSearch size={16} />}
            maxLength={MAX_QUERY}
            value={query}
            onChange={(event) => {
              setQuery(event.currentTarget.value);
              setProblem(null);
            }}
            error={problem}
            data-testid="search-query"
          />
          <Button type="submit" loading={search.isPending}>
            Search
          </Button>
        </Group>
      </form>
      {search.isError && (
        <Alert color="red" role="alert" title="The search did not work">
          {failure(search.error)}
        </Alert>
      )}
      {search.isSuccess &&
        (search.data.passages.length === 0 ? (
          <Paper radius="md" p="lg" bg="var(--mantine-color-default-hover)" data-testid="search-no-match">
            <Stack gap={4} align="center" ta="center">
              <IconSearchOff size={28} stroke={1.6} color="var(--mantine-color-dimmed)" />
              <Text fw={500}>Nothing matches “{asked}”</Text>
              <Text size="sm" c="dimmed" maw={480}>
                Try other words, or fewer of them. Words are matched by their stem, so “pipes” also finds “pipe”.
              </Text>
            </Stack>
          </Paper>
        ) : (
          <Stack gap="sm" data-testid="search-results" aria-label={`Passages matching ${asked ?? ''}`}>
            <Text size="sm" c="dimmed" data-testid="search-summary">
              {search.data.passages.length === 1 ? '1 passage' : `${search.data.passages.length} passages`} for “{asked}”, best
              first, {search.data.embeddingModel === null ? 'matched by their words' : 'matched by their words and by their meaning'}
            </Text>
            {search.data.passages.map((passage, index) => (
              <PassageCard key={`${passage.citation.document_id}:${passage.citation.start}`} passage={passage} rank={index + 1} />
            ))}
          </Stack>
        ))}
    </Stack>
  );
}
