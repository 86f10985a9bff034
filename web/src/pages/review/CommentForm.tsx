import { Alert, Button, Group, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/errors';
import { useComment } from './queries';

/** A comment on the review, for everyone who may see it. */
export function CommentForm({ id }: { id: string }) {
  const comment = useComment(id);
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = body.trim();
    if (text === '') {
      setError('Write a comment first');
      return;
    }
    comment.mutate(text, { onSuccess: () => setBody('') });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="comment-form">
      <Stack gap="xs">
        <Textarea
          label="Add a comment"
          placeholder="A question or a note for the builder and the other approvers"
          autosize
          minRows={2}
          maxRows={8}
          value={body}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            setError(null);
          }}
          error={error}
        />
        {comment.isError && (
          <Alert color="red" role="alert">
            {errorMessage(comment.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" variant="default" loading={comment.isPending}>
            Comment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
