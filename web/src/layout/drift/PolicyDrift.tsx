import { Alert, Button, Drawer, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCircleCheck, IconShieldCheck, IconShieldExclamation } from '@tabler/icons-react';
import { useState } from 'react';
import type { CurrentUser } from '../../api/types';
import { useEnvironments } from '../../pages/admin/environmentQueries';
import { lifecycleRights } from '../../pages/build/lifecycle/words';
import { workspaceName } from '../roles';
import { DriftFreezeModal } from './DriftFreezeModal';
import { DriftNoticeCard, type NoticeRights } from './DriftNoticeCard';
import { GrantExceptionModal } from './GrantExceptionModal';
import { usePolicyDrift } from './queries';
import { breakingWords, exceptedWords, splitNotices, whenWords, type DriftNotice } from './words';

function rightsFor(user: CurrentUser, notice: DriftNotice): NoticeRights {
  const rights = lifecycleRights(user, notice.workspace);
  return { openPipeline: rights.build, freeze: rights.operate, grant: rights.admin };
}

type Open = { action: 'freeze' | 'grant'; notice: DriftNotice } | null;

interface DriftDrawerProps {
  opened: boolean;
  onClose: () => void;
  user: CurrentUser;
  notices: readonly DriftNotice[];
}

/** Every live deployment that breaks policy, those without an exception first, with what the person may do about each. */
function DriftDrawer({ opened, onClose, user, notices }: DriftDrawerProps) {
  const environments = useEnvironments();
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string | null>(null);
  const environmentName = (slug: string) => environments.data?.find((environment) => environment.slug === slug)?.name ?? slug;
  // By workspace and workflow, then up the chain.
  const position = (slug: string) => environments.data?.find((environment) => environment.slug === slug)?.position ?? Number.MAX_SAFE_INTEGER;
  const ordered = [...notices].sort(
    (a, b) =>
      a.workspace.localeCompare(b.workspace) || a.workflow.localeCompare(b.workflow) || position(a.environment) - position(b.environment),
  );
  const { breaking, excepted } = splitNotices(ordered);
  const close = () => {
    setDone(null);
    onClose();
  };
  return (
    <>
      <Drawer opened={opened} onClose={close} position="right" size="lg" title={<Text fw={650}>Policy drift</Text>}>
        <Stack gap="md" data-testid="drift-drawer">
          <Text size="sm" c="dimmed">
            A policy change made these live deployments break the policy of their environment. Meanwhile their runs are still
            checked: data above a sink's clearance is stopped there. Fix the workflow, freeze the deployment, or let it keep
            running for a while under an exception.
          </Text>
          {done !== null && (
            <Alert
              color="green"
              icon={<IconCircleCheck />}
              withCloseButton
              closeButtonLabel="Dismiss"
              onClose={() => setDone(null)}
              role="status"
              data-testid="drift-done"
            >
              {done}
            </Alert>
          )}
          {notices.length === 0 && (
            <Text size="sm" data-testid="drift-none">
              No live deployment breaks policy now.
            </Text>
          )}
          {[...breaking, ...excepted].map((notice) => (
            <DriftNoticeCard
              key={`${notice.workspace}/${notice.workflow}/${notice.environment}`}
              notice={notice}
              workspaceName={workspaceName(user, notice.workspace)}
              environmentName={environmentName(notice.environment)}
              rights={rightsFor(user, notice)}
              onOpenPipeline={close}
              onFreeze={() => {
                setDone(null);
                setOpen({ action: 'freeze', notice });
              }}
              onGrant={() => {
                setDone(null);
                setOpen({ action: 'grant', notice });
              }}
            />
          ))}
        </Stack>
      </Drawer>
      <GrantExceptionModal
        notice={open?.action === 'grant' ? open.notice : null}
        environmentName={environmentName}
        onClose={() => setOpen(null)}
        onGranted={(exception, notice) => {
          setOpen(null);
          setDone(`${notice.workflow} in ${environmentName(notice.environment)} runs under an exception until ${whenWords(exception.until)}.`);
        }}
      />
      <DriftFreezeModal
        notice={open?.action === 'freeze' ? open.notice : null}
        environmentName={environmentName}
        onClose={() => setOpen(null)}
        onFrozen={(notice) => {
          setOpen(null);
          setDone(`${notice.workflow} in ${environmentName(notice.environment)} is frozen: new runs there are refused until it is unfrozen.`);
        }}
      />
    </>
  );
}

/**
 * The app frame's notice of live deployments that break policy after a policy change: red while any does without an
 * exception, calmer while all run under one, absent when none does. "Review" lists them.
 */
export function PolicyDriftBanner({ user }: { user: CurrentUser }) {
  const drift = usePolicyDrift();
  const [opened, { open, close }] = useDisclosure(false);
  const notices = drift.data ?? [];
  if (notices.length === 0 && !opened) return null;
  const { breaking, excepted } = splitNotices(notices);
  const alarming = breaking.length > 0;
  return (
    <>
      {notices.length > 0 && (
        <Alert
          color={alarming ? 'red' : 'yellow'}
          variant="light"
          icon={alarming ? <IconShieldExclamation /> : <IconShieldCheck />}
          mb="lg"
          role="region"
          aria-label="Policy drift"
          data-testid="drift-banner"
          data-state={alarming ? 'breaking' : 'excepted'}
          styles={{ wrapper: { alignItems: 'center' }, body: { gap: 0 } }}
        >
          <Group justify="space-between" wrap="nowrap" gap="md">
            <Stack gap={0}>
              <Text size="sm" fw={600} c={alarming ? 'red.9' : 'yellow.9'} data-testid="drift-banner-text">
                {alarming ? breakingWords(breaking.length) : exceptedWords(excepted.length)}
              </Text>
              {alarming && excepted.length > 0 && (
                <Text size="sm" c="dimmed" data-testid="drift-banner-excepted">
                  {exceptedWords(excepted.length)}
                </Text>
              )}
            </Stack>
            <Button size="xs" color={alarming ? 'red' : 'yellow.8'} variant={alarming ? 'filled' : 'light'} onClick={open} data-testid="drift-review">
              Review
            </Button>
          </Group>
        </Alert>
      )}
      <DriftDrawer opened={opened} onClose={close} user={user} notices={notices} />
    </>
  );
}
