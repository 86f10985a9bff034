import { Button, Group } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';

/** The formats a run's result is downloaded in: Markdown to read, JSON to process. */
export type ResultFormat = 'md' | 'json';

const FORMATS: readonly { format: ResultFormat; label: string }[] = [
  { format: 'md', label: 'Markdown' },
  { format: 'json', label: 'JSON' },
];

/** How a format is downloaded: a link the browser follows, or an action the page takes (busy while it does). */
export type DownloadAction = { href: string } | { onClick: () => void; loading: boolean };

/** The buttons that download a run's result, one per format, each doing what `action` says for it. */
export function ResultDownloads({ action }: { action: (format: ResultFormat) => DownloadAction }) {
  return (
    <Group gap="xs" aria-label="Download the result" role="group">
      {FORMATS.map(({ format, label }) => {
        const how = action(format);
        const look = {
          variant: 'default',
          size: 'xs',
          leftSection: <IconDownload size={14} />,
          'data-testid': `download-${format}`,
          'aria-label': `Download the result as ${label}`,
        } as const;
        return 'href' in how ? (
          <Button key={format} component="a" href={how.href} download {...look}>
            {label}
          </Button>
        ) : (
          <Button key={format} onClick={how.onClick} loading={how.loading} {...look}>
            {label}
          </Button>
        );
      })}
    </Group>
  );
}
