import { Anchor, Group } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import type { CurrentUser } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { workspaceName } from '../../layout/roles';
import { Page } from '../Page';
import { useRun } from './queries';
import { RunDetails } from './RunDetails';

/** The run, followed live; below the page so that its polling never asks for the session (gone after sign-out). */
function LiveRun({ id, user }: { id: string; user: CurrentUser }) {
  const run = useRun(id);
  const back = run.data ? `/runs?workspace=${encodeURIComponent(run.data.workspace)}` : '/runs';
  return (
    <>
      <Anchor component={Link} to={back} size="sm" mb="md" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          All runs
        </Group>
      </Anchor>
      <QueryState
        query={{ isError: run.isError && !run.data, isPending: run.isPending, error: run.error }}
        errorTitle="This run could not be loaded"
        loadingLabel="Loading the run"
        rows={6}
      >
        {run.data && <RunDetails run={run.data} workspace={workspaceName(user, run.data.workspace)} />}
      </QueryState>
    </>
  );
}

/** /runs/:id: one run, followed live until it ends. Whether it may be seen is the server's call. */
export function RunPage() {
  const user = useCurrentUser();
  const { id = '' } = useParams();
  return (
    <Page>
      <LiveRun key={id} id={id} user={user} />
    </Page>
  );
}
