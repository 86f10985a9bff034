import { Alert, Button, Group, Paper, Stack, Title } from '@mantine/core';
import { IconCircleCheck, IconDeviceFloppy, IconShieldExclamation } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/errors';
import type { DraftView, Problem, ValidationReport } from '../../api/types';
import { DefinitionEditor, plural, theseProblems, type ShownProblems } from './DefinitionEditor';
import { definitionName, withDefinitionName } from './definitionName';
import { useSaveDraft } from './draftQueries';
import { PolicyPanel, type PolicyResult } from './PolicyPanel';
import { useCheckPolicy, useValidateWorkflow } from './queries';
import { RunForm } from './RunForm';
import { NameModal, SaveFailure, SaveStatus } from './SaveDraft';

function Card({ title, aside, children }: { title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg">
      <Group justify="space-between" align="center" mb="md" gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {aside}
      </Group>
      {children}
    </Paper>
  );
}

/** What the last check or save said, which the problem list under the editor follows. */
type Feedback =
  | { kind: 'check' }
  /** `refused`: not saved at all (an unreadable definition, or one named differently). */
  | { kind: 'save'; problems: Problem[]; refused: boolean };

interface WorkflowEditorProps {
  /** The draft as loaded; null for a new workflow. */
  draft: DraftView | null;
  /** The workspace it is saved and tried in; null when the person may build in none. */
  workspace: string | null;
  /** The text to start from. */
  initialText: string;
  /** Shows the latest saved version of the workflow `name` instead of the text being edited. */
  onReload: (name: string) => void;
  /** A new workflow was saved for the first time. */
  onCreated?: (draft: DraftView) => void;
  /** At the top of the first card (where a new workflow is saved). */
  header?: ReactNode;
  /** The draft was just saved for the first time: confirm the save as if it had happened here. */
  justSaved?: boolean;
  /** Told whether the text holds changes not saved yet, each time that changes. */
  onUnsavedChange?: (unsaved: boolean) => void;
}

/** After a save: that it is saved, and whether it has policy warnings in dev. */
function SaveConfirmation({ saved }: { saved: DraftView }) {
  const count = saved.policy.length;
  if (count > 0) {
    return (
      <Alert
        color="yellow"
        icon={<IconShieldExclamation />}
        title={`Saved — ${plural(count, 'policy warning')}`}
        role="status"
        data-testid="save-confirmation"
      >
        It is saved and you can try it, but some of its data would go where it may not. See Policy below for what to change.
      </Alert>
    );
  }
  return (
    <Alert color="green" icon={<IconCircleCheck />} title="Saved — no policy problems in dev" role="status" data-testid="save-confirmation" />
  );
}

function savedResult(saved: DraftView): PolicyResult {
  return { kind: 'saved', valid: saved.valid, violations: saved.policy };
}

/** Write a workflow, check it, save it as a draft, fill in its inputs and run it as a test. */
export function WorkflowEditor({
  draft,
  workspace,
  initialText,
  onReload,
  onCreated,
  header,
  justSaved = false,
  onUnsavedChange,
}: WorkflowEditorProps) {
  const validate = useValidateWorkflow();
  const saveDraft = useSaveDraft();
  const checkPolicy = useCheckPolicy();
  const [text, setText] = useState(initialText);
  /** The saved version the text started from: its revision goes with the next save. */
  const [base, setBase] = useState(() => (draft ? { revision: draft.revision, definition: draft.definition } : null));
  const [checked, setChecked] = useState<{ text: string; report: ValidationReport } | null>(null);
  const [runProblems, setRunProblems] = useState<Problem[]>([]);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [naming, setNaming] = useState(false);
  /** The last save's answer, confirmed while the text is the one saved. */
  const [lastSave, setLastSave] = useState<DraftView | null>(() => (justSaved ? draft : null));
  /** The policy shown, and the text it is about. */
  const [policy, setPolicy] = useState<{ text: string; result: PolicyResult } | null>(() =>
    draft ? { text: draft.definition, result: savedResult(draft) } : null,
  );
  const [environment, setEnvironment] = useState('dev');

  const checkThePolicy = () => {
    if (workspace === null) return;
    const definition = text;
    checkPolicy.mutate(
      { slug: workspace, definition, environment },
      {
        onSuccess: (report) =>
          setPolicy({ text: definition, result: { kind: 'checked', environment: report.environment, violations: report.violations } }),
        onError: (error) => {
          if (error instanceof ApiError && error.problems.length > 0) {
            setPolicy({ text: definition, result: { kind: 'problems', environment, problems: error.problems } });
          }
        },
      },
    );
  };

  const check = (definition = text) => {
    setRunProblems([]);
    setFeedback({ kind: 'check' });
    validate.mutate(definition, { onSuccess: (report) => setChecked({ text: definition, report }) });
  };

  // A draft opened is checked at once, so that its problems or its run form show without a click.
  const opened = useRef(false);
  useEffect(() => {
    if (draft === null || opened.current) return;
    opened.current = true;
    check(initialText);
  }, []); // Once, for the text it opened with.

  // Closing or reloading the tab asks first while there are changes not saved.
  const unsaved = base === null ? text !== initialText : text !== base.definition;
  useEffect(() => onUnsavedChange?.(unsaved), [unsaved]);
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  const save = (definition = text) => {
    if (workspace === null) return;
    const name = draft?.name ?? definitionName(definition);
    if (name === null) return setNaming(true);
    setRunProblems([]);
    saveDraft.mutate(
      { slug: workspace, name, definition, baseRevision: base?.revision ?? null },
      {
        onSuccess: (saved) => {
          setBase({ revision: saved.revision, definition });
          setFeedback({ kind: 'save', problems: saved.problems, refused: false });
          setLastSave(saved);
          checkPolicy.reset();
          setPolicy({ text: definition, result: savedResult(saved) });
          if (draft === null) return onCreated?.(saved);
          // Checked again too, so that the run form follows what was saved.
          validate.mutate(definition, { onSuccess: (report) => setChecked({ text: definition, report }) });
        },
        onError: (error) => {
          if (error instanceof ApiError && error.problems.length > 0) {
            setFeedback({ kind: 'save', problems: error.problems, refused: true });
          }
        },
      },
    );
  };

  const report = checked?.report ?? null;
  // Rebuilt when the inputs change, keeping what was typed while they stay the same.
  const formKey = JSON.stringify(report?.inputs ?? {});
  const changed = base === null || text !== base.definition;
  const saveError = saveDraft.error;
  const refusedWithProblems = saveError instanceof ApiError && saveError.problems.length > 0;
  const policyError = checkPolicy.error instanceof ApiError && checkPolicy.error.problems.length > 0 ? null : checkPolicy.error;
  // Confirmed while the text is the one saved; a save with problems is confirmed by its problem list.
  const confirmed = lastSave !== null && !changed && base?.revision === lastSave.revision && lastSave.valid ? lastSave : null;

  let shown: ShownProblems | null = null;
  if (runProblems.length > 0) {
    shown = { problems: runProblems, title: `Fix ${theseProblems(runProblems.length)} before running it` };
  } else if (feedback?.kind === 'save') {
    const count = feedback.problems.length;
    shown = {
      problems: feedback.problems,
      title: feedback.refused
        ? `Not saved: fix ${theseProblems(count)} first`
        : `Saved, with ${plural(count, 'problem')} to fix before it can run`,
    };
  } else if (report !== null) {
    shown = { problems: report.problems, title: `Fix ${theseProblems(report.problems.length)} before running it` };
  }

  return (
    <Stack gap="lg">
      <Card
        title="1. Write the workflow"
        aside={
          <Group gap="md">
            <SaveStatus revision={base?.revision ?? null} changed={changed} />
            <Button
              leftSection={<IconDeviceFloppy size={18} />}
              onClick={() => save()}
              loading={saveDraft.isPending}
              disabled={workspace === null || !changed}
            >
              Save draft
            </Button>
          </Group>
        }
      >
        <Stack gap="md">
          {confirmed !== null && !saveDraft.isError && <SaveConfirmation saved={confirmed} />}
          {saveDraft.isError && !refusedWithProblems && (
            <SaveFailure error={saveError} text={text} onReload={() => onReload(draft?.name ?? definitionName(text) ?? '')} />
          )}
          {header}
          <DefinitionEditor
            value={text}
            onChange={setText}
            onCheck={() => check()}
            checking={validate.isPending}
            report={report}
            problems={shown}
            checkError={validate.error}
            stale={checked !== null && checked.text !== text}
            description={
              draft === null
                ? 'Written in YAML or JSON. Start from the example, or paste your own.'
                : 'Written in YAML or JSON. Save it as often as you like: problems are kept with the draft until you fix them.'
            }
          />
        </Stack>
      </Card>
      <PolicyPanel
        result={policy?.result ?? null}
        stale={policy !== null && policy.text !== text}
        environment={environment}
        onEnvironmentChange={setEnvironment}
        onCheck={checkThePolicy}
        checking={checkPolicy.isPending}
        checkError={policyError}
        canCheck={workspace !== null}
      />
      {report?.valid && (
        <Card title="2. Try it out">
          <Stack gap="md">
            {workspace === null && (
              <Alert color="yellow" title="No workspace to run it in">
                You need the builder role in a workspace to try workflows there. Ask your Paddock administrator.
              </Alert>
            )}
            <RunForm
              key={formKey}
              inputs={report.inputs}
              definition={text}
              workspace={workspace}
              onDefinitionProblems={setRunProblems}
            />
          </Stack>
        </Card>
      )}
      <NameModal
        opened={naming}
        onClose={() => setNaming(false)}
        onName={(name) => {
          setNaming(false);
          const named = withDefinitionName(text, name);
          setText(named);
          save(named);
        }}
      />
    </Stack>
  );
}
