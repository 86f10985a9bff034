import { Anchor, Text, Typography } from '@mantine/core';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * What a run wrote as text, rendered as Markdown (with tables, lists and links) into React elements: raw HTML in the
 * text is dropped, links keep only safe addresses (react-markdown's default), and images are not loaded (an output
 * could otherwise make the browser call any address) but named instead.
 */
const COMPONENTS: Components = {
  a: ({ href, children }) => (
    <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow" inherit>
      {children}
    </Anchor>
  ),
  img: ({ alt, src }) => (
    <Text span inherit c="dimmed" title={typeof src === 'string' ? src : undefined}>
      [image{alt ? `: ${alt}` : ''}]
    </Text>
  ),
};

export function Markdown({ text, testId }: { text: string; testId?: string }) {
  return (
    <Typography data-testid={testId} style={{ overflowWrap: 'anywhere' }} fz="sm">
      <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml components={COMPONENTS}>
        {text}
      </ReactMarkdown>
    </Typography>
  );
}
