import { useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../../api/errors';
import type { AppInput, AppRun } from '../types';
import {
  initialValues,
  problemsByField,
  toSubmission,
  valuesFromRun,
  type FieldErrors,
  type FieldValue,
  type FormValues,
  type Submission,
} from './fields';

/** Brings the first field that needs attention into view and puts the cursor there. */
function focusField(form: HTMLFormElement | null, name: string | undefined) {
  if (!form || name === undefined) return;
  // Input names are identifiers (letters, digits, `_`), safe in a selector as they are.
  const field = form.querySelector<HTMLElement>(`[name="${name}"]`);
  const wrapper = form.querySelector<HTMLElement>(`[data-field="${name}"]`);
  wrapper?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  if (field && field.getAttribute('type') !== 'file') field.focus({ preventScroll: true });
}

interface AppFormOptions {
  /** The app's inputs: a field each. */
  inputs: readonly AppInput[];
  /** The call that starts a run: its answer (a refusal, say) is forgotten when the form is sent again or reset. */
  start: { reset: () => void };
  /** Which refusals of the server are shown under the fields; by default any the API answered. */
  placeable?: (error: ApiError) => boolean;
}

/**
 * The state of an app's form: the values typed and the problems with them (found in the browser, then by the
 * server), and the run the address opens (`?run=<id>`) in place of the form.
 */
export function useAppForm({ inputs, start, placeable = () => true }: AppFormOptions) {
  const [params, setParams] = useSearchParams();
  const [values, setValues] = useState<FormValues>(() => initialValues(inputs));
  const [errors, setErrors] = useState<FieldErrors>({});
  /** The server's problems that fit no field. */
  const [others, setOthers] = useState<string[]>([]);
  /** Whether the server's refusal was shown under the fields (else above the button). */
  const [placed, setPlaced] = useState(false);
  /** Whether the form was sent since it was last reset: only then does a summary of the fields at fault show. */
  const [tried, setTried] = useState(false);
  /** The run as the page already holds it, shown at once when it opens. */
  const [seed, setSeed] = useState<AppRun | undefined>(undefined);
  /** The form element, to bring a field at fault into view. */
  const formRef = useRef<HTMLFormElement>(null);
  /** The top of what the page shows, scrolled to when a run opens or closes. */
  const topRef = useRef<HTMLDivElement>(null);

  /** The run the address opens, in place of the form; null for the form. */
  const runId = params.get('run');

  /** Opens the run `id` (shown at once from `shown` when the page holds it), or the form again for null. */
  const openRun = (id: string | null, shown?: AppRun) => {
    setSeed(shown);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id === null) next.delete('run');
        else next.set('run', id);
        return next;
      },
      { replace: id === null },
    );
    topRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };

  const change = (name: string, value: FieldValue) => {
    setValues((previous) => ({ ...previous, [name]: value }));
    setErrors(({ [name]: _, ...rest }) => rest);
  };
  /** A value the field refused (a file too large, say): the field empties and says why. */
  const reject = (name: string, message: string) => {
    setValues((previous) => ({ ...previous, [name]: null }));
    setErrors((previous) => ({ ...previous, [name]: message }));
  };

  /** Back to the form, without problems: empty, or filled with `filled`. */
  const reset = (filled: FormValues = initialValues(inputs)) => {
    setValues(filled);
    setErrors({});
    setOthers([]);
    setTried(false);
    start.reset();
    openRun(null);
  };

  /** Back to the form, filled with what `run` was given. */
  const edit = (run: AppRun) => reset(valuesFromRun(inputs, run.inputs));

  /** Checks the form as it is sent: what to send, or null when a field is at fault (brought into view). */
  const check = (event: FormEvent): Submission | null => {
    event.preventDefault();
    const submission = toSubmission(inputs, values);
    setErrors(submission.errors);
    setOthers([]);
    setPlaced(false);
    setTried(true);
    start.reset();
    const invalid = inputs.find((input) => submission.errors[input.name] !== undefined);
    if (invalid === undefined) return submission;
    focusField(formRef.current, invalid.name);
    return null;
  };

  /** The server refused the run: its problems with the inputs go under their fields, the first brought into view. */
  const fail = (error: Error) => {
    if (!(error instanceof ApiError) || !placeable(error)) return;
    const { byField, others: rest } = problemsByField(inputs, error);
    setErrors(byField);
    setOthers(rest);
    setPlaced(Object.keys(byField).length > 0 || rest.length > 0);
    focusField(formRef.current, inputs.find((input) => byField[input.name] !== undefined)?.name);
  };

  return {
    runId,
    /** The run the page holds for `runId`, if it does. */
    seed: seed?.id === runId ? seed : undefined,
    openRun,
    values,
    errors,
    others,
    placed,
    tried,
    change,
    reject,
    reset,
    edit,
    check,
    fail,
    formRef,
    topRef,
  };
}

export type AppFormState = ReturnType<typeof useAppForm>;
