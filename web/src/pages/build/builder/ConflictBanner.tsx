import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconUpload } from '@tabler/icons-react';
import { localTime } from '../../audit/format';
import type { Conflict } from './useDraftSaving';

interface ConflictBannerProps {
  conflict: Conflict;
  saving: boolean;
  onLoadTheirs: () => void;
  onKeepMine: () => void;
}

/** Someone else saved while this was being edited: saving has stopped until the person chooses whose version stays. */
export function ConflictBanner({ conflict, saving, onLoadTheirs, onKeepMine }: ConflictBannerProps) {
  const who = conflict.by ?? 'Someone else';
  return (
    <Alert
      color="orange"
      icon={<IconAlertTriangle />}
      title={`${who} saved this workflow while you were editing it`}
      role="alert"
      data-testid="builder-conflict"
    >
      <Text size="sm">
        Revision {conflict.revision} was saved on {localTime(conflict.at)}. Your changes are not saved, and saving has
        stopped so that neither version is lost by accident. Load their version (you can undo it to get yours back), or
        keep yours and save it over theirs.
      </Text>
      <Group gap="sm" mt="sm">
        <Button size="xs" variant="light" color="orange" leftSection={<IconDownload size={14} />} onClick={onLoadTheirs}>
          Load their version
        </Button>
        <Button size="xs" variant="outline" color="orange" leftSection={<IconUpload size={14} />} onClick={onKeepMine} loading={saving}>
          Keep mine (overwrite)
        </Button>
      </Group>
    </Alert>
  );
}
