import { Alert, Button, Center, Paper, Stack, Text } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import type { AuditEvent } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import type { SectionInfo } from '../../layout/sections';
import { NoAccess } from '../NoAccess';
import { Page } from '../Page';
import { ChainStatus } from './ChainStatus';
import { EventDrawer } from './EventDrawer';
import { EventFilters } from './EventFilters';
import { EventTable } from './EventTable';
import { FILTER_KEYS, filtersFromParams, hasFilters, type AuditFilters } from './filters';
import { useAuditEvents } from './queries';

function AuditEvents({ section }: { section: SectionInfo }) {
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const filtered = hasFilters(filters);
  const events = useAuditEvents(filters);
  const [open, setOpen] = useState<AuditEvent | null>(null);

  const change = (update: Partial<AuditFilters>) => {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(update)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  };
  const clear = () => change(Object.fromEntries(FILTER_KEYS.map((key) => [key, ''])));

  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];

  if (events.isSuccess && rows.length === 0 && !filtered) {
    return (
      <>
        <ChainStatus />
        <EmptyState icon={section.icon} title={section.emptyTitle} testId={`empty-${section.id}`}>
          {section.emptyText}
        </EmptyState>
      </>
    );
  }

  return (
    <>
      <ChainStatus />
      <EventFilters filters={filters} onChange={change} />
      <QueryState
        query={{ isError: events.isError && !events.isFetchNextPageError, isPending: events.isPending, error: events.error }}
        errorTitle="The audit trail could not be loaded"
        loadingLabel="Loading events"
        rows={6}
        loadingTestId="audit-loading"
      >
        <Paper withBorder radius="md">
          {rows.length === 0 ? (
            <Stack align="center" gap="xs" py={48} px="xl" ta="center" data-testid="audit-no-match">
              <Text fw={600}>No events match these filters</Text>
              <Text size="sm" c="dimmed">
                Try a wider time range or fewer filters.
              </Text>
              <Button variant="light" leftSection={<IconFilterOff size={16} />} onClick={clear} mt="xs">
                Clear filters
              </Button>
            </Stack>
          ) : (
            <EventTable events={rows} onOpen={setOpen} />
          )}
        </Paper>
      </QueryState>
      {events.isFetchNextPageError && (
        <Alert color="red" role="alert" mt="md">
          {errorMessage(events.error)}
        </Alert>
      )}
      {events.hasNextPage && (
        <Center mt="md">
          <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
            Load more
          </Button>
        </Center>
      )}
      <EventDrawer event={open} onClose={() => setOpen(null)} />
    </>
  );
}

export function AuditPage({ section }: { section: SectionInfo }) {
  const user = useCurrentUser();
  if (!user.navigation.includes(section.id)) return <NoAccess section={section} />;

  return (
    <Page>
      <PageHeader title={section.label} lead={section.lead} />
      <AuditEvents section={section} />
    </Page>
  );
}
