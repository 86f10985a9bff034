import {
  Alert,
  Button,
  Divider,
  Drawer,
  Group,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage, sentence } from '../../api/errors';
import type { ModelForm, ModelView, Provider, StructuredOutput, WorkspaceView } from '../../api/types';
import { categoriesProblem, parseClearance, unknownCategories, unknownCategoryProblem } from './clearance';
import { DrawerSection } from './DrawerSection';
import { modelPolicyChange } from './impact';
import { useLabelWords, usePolicyImpact } from './labelQueries';
import { ModelAccessEditor, type Access } from './ModelAccessEditor';
import { clearanceOf, ModelClearanceField, type ClearanceValue } from './ModelClearanceField';
import { credentialBody, ModelCredentialField, type CredentialChange } from './ModelCredentialField';
import { useSaveModel } from './modelQueries';
import { isRemote, PROVIDER_ORDER, PROVIDERS, STRUCTURED_OUTPUT_OPTIONS } from './models';
import { PolicyImpactModal, type ImpactCheck } from './PolicyImpactModal';
import { SLUG_MAX_LENGTH } from './slug';

/** The fields the API may name in `details.field`, each shown under its input. */
const FIELDS = [
  'name',
  'provider',
  'description',
  'endpoint',
  'model_id',
  'credential',
  'structured_output',
  'context_limit',
  'timeout_seconds',
  'input_price_per_million',
  'output_price_per_million',
  'monthly_token_budget',
  'workspaces',
  'clearance',
] as const;
type Field = (typeof FIELDS)[number];
type FieldErrors = Partial<Record<Field, string>>;

/** Fields shown only for a model reached over the network. */
const REMOTE_FIELDS: readonly Field[] = ['endpoint', 'model_id', 'credential', 'structured_output', 'timeout_seconds'];

const NAME = /^[a-z][a-z0-9-]*$/;
const DEFAULT_TIMEOUT_SECONDS = 120;
const MAX_TIMEOUT_SECONDS = 600;

/** A NumberInput's value as the API wants it: a number, or null when empty. */
function numberOrNull(value: number | string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const trimmed = value.replace(/[,\s]/g, '');
  if (trimmed === '') return null;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : null;
}

/** What the API said about a field, in words for the person filling the form. */
function friendly(field: Field, error: ApiError): string {
  const message = error.fieldMessage;
  switch (field) {
    case 'name':
      return 'Use lower-case letters, digits and dashes, starting with a letter (for example team-llm)';
    case 'endpoint':
      if (/not a URL|http:\/\/ or https:\/\//.test(message)) {
        return 'This is not a web address Paddock can call. Write it in full, starting with https:// (or http:// for a server in your network)';
      }
      if (/credential/.test(message)) return 'Take the user name, password or #… out of the address: put the key in the API key field instead';
      return sentence(message);
    case 'timeout_seconds':
      return `Give a number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}`;
    case 'context_limit':
    case 'monthly_token_budget':
      return 'Give a whole number of tokens, at least 1, or leave it empty for no limit';
    default:
      return sentence(message);
  }
}

/** Where the API's refusal belongs and what to say there: a taken name under the name. */
function placed(error: unknown): { field: Field; message: string } | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'already_exists') return { field: 'name', message: 'Another model already has this name' };
  const field = error.field;
  if (field === undefined) return undefined;
  // `workspaces[2].workspace` and the like belong to the workspace picker.
  const base = field.startsWith('workspaces') ? 'workspaces' : field;
  if (!(FIELDS as readonly string[]).includes(base)) return undefined;
  return { field: base as Field, message: friendly(base as Field, error) };
}

interface State {
  name: string;
  provider: Provider;
  description: string;
  endpoint: string;
  modelId: string;
  structuredOutput: StructuredOutput;
  contextLimit: number | string;
  timeoutSeconds: number | string;
  inputPrice: number | string;
  outputPrice: number | string;
  enabled: boolean;
  access: Access;
  clearance: ClearanceValue;
  /** Whether the clearance was chosen: until it is, a new model's follows the provider (as the API's default does). */
  clearanceChosen: boolean;
}

/** The clearance the API gives a model registered without one: everything for the built-in model, else internal data. */
function defaultClearance(provider: Provider): ClearanceValue {
  return provider === 'builtin'
    ? { level: 'restricted', allCategories: true, categories: [] }
    : { level: 'internal', allCategories: false, categories: [] };
}

/** A model's clearance as the form holds it; the provider's default if it cannot be read. */
function clearanceValue(model: ModelView): ClearanceValue {
  const parts = parseClearance(model.clearance);
  if (parts === null) return defaultClearance(model.provider);
  return { level: parts.level, allCategories: parts.allCategories, categories: parts.categories };
}

function initialState(model: ModelView | null): State {
  if (model === null) {
    return {
      name: '',
      provider: 'openai',
      description: '',
      endpoint: '',
      modelId: '',
      structuredOutput: 'json_schema',
      contextLimit: '',
      timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
      inputPrice: 0,
      outputPrice: 0,
      enabled: true,
      access: { allWorkspaces: true, budget: '', lines: [] },
      clearance: defaultClearance('openai'),
      clearanceChosen: false,
    };
  }
  return {
    name: model.name,
    provider: model.provider,
    description: model.description,
    endpoint: model.endpoint ?? '',
    modelId: model.model_id ?? '',
    structuredOutput: model.structured_output,
    contextLimit: model.context_limit ?? '',
    timeoutSeconds: model.timeout_seconds,
    inputPrice: model.input_price_per_million,
    outputPrice: model.output_price_per_million,
    enabled: model.enabled,
    access: {
      allWorkspaces: model.all_workspaces,
      budget: model.monthly_token_budget ?? '',
      lines: model.workspaces.map((line) => ({ workspace: line.workspace, budget: line.monthly_token_budget ?? '' })),
    },
    clearance: clearanceValue(model),
    clearanceChosen: true,
  };
}

/** The whole model as the API replaces it; the credential only when it changes. */
function formBody(state: State, credential: CredentialChange): ModelForm {
  const remote = isRemote(state.provider);
  return {
    name: state.name.trim(),
    provider: state.provider,
    description: state.description.trim(),
    endpoint: remote && state.endpoint.trim() !== '' ? state.endpoint.trim() : null,
    model_id: remote && state.modelId.trim() !== '' ? state.modelId.trim() : null,
    ...(remote ? credentialBody(credential) : {}),
    structured_output: state.structuredOutput,
    context_limit: numberOrNull(state.contextLimit),
    timeout_seconds: numberOrNull(state.timeoutSeconds) ?? DEFAULT_TIMEOUT_SECONDS,
    input_price_per_million: numberOrNull(state.inputPrice) ?? 0,
    output_price_per_million: numberOrNull(state.outputPrice) ?? 0,
    all_workspaces: state.access.allWorkspaces,
    monthly_token_budget: numberOrNull(state.access.budget),
    workspaces: state.access.lines.map((line) => ({ workspace: line.workspace, monthly_token_budget: numberOrNull(line.budget) })),
    enabled: state.enabled,
    clearance: clearanceOf(state.clearance),
  };
}

interface FormProps {
  /** The model changed; null to register a new one. */
  model: ModelView | null;
  workspaces: readonly WorkspaceView[];
  onClose: () => void;
  onSaved: (model: ModelView) => void;
}

function ModelFormBody({ model, workspaces, onClose, onSaved }: FormProps) {
  const save = useSaveModel();
  const impact = usePolicyImpact();
  const { words } = useLabelWords();
  /** What the impact preview answered about the change about to be saved, with the body to save if confirmed. */
  const [pending, setPending] = useState<{ body: ModelForm; check: ImpactCheck } | null>(null);
  const [state, setState] = useState<State>(() => initialState(model));
  const [credential, setCredential] = useState<CredentialChange>({ kind: 'keep' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const remote = isRemote(state.provider);
  const provider = PROVIDERS[state.provider];
  const renamed = model !== null && state.name.trim() !== model.name;

  const edit = (change: Partial<State>, ...fields: Field[]) => {
    setState((current) => ({ ...current, ...change }));
    if (fields.length > 0) setErrors((current) => Object.fromEntries(Object.entries(current).filter(([f]) => !fields.includes(f as Field))));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found: FieldErrors = {};
    const name = state.name.trim();
    if (name === '') found.name = 'Give the model a name: workflows call it by this name';
    else if (name.length > SLUG_MAX_LENGTH || !NAME.test(name) || name.endsWith('-')) {
      found.name = 'Use lower-case letters, digits and dashes, starting with a letter (for example team-llm)';
    }
    if (remote && model?.credential_set && credential.kind === 'set' && credential.value.trim() === '') {
      found.credential = 'Type the new key, or keep the current one';
    }
    if (!state.clearance.allCategories) {
      const unknown = unknownCategories(state.clearance.categories, words)[0];
      const problem = categoriesProblem(state.clearance.categories) ?? (unknown === undefined ? null : unknownCategoryProblem(unknown));
      if (problem !== null) found.clearance = problem;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body = formBody(state, credential);
    // A change to an existing model's clearance or access is first previewed: which workflows would it break?
    const change = model === null ? null : modelPolicyChange(model, body);
    if (change === null) {
      persist(body);
      return;
    }
    impact.mutate(change, {
      onSuccess: (report) => {
        if (report.affected.length === 0) persist(body);
        else setPending({ body, check: { affected: report.affected } });
      },
      onError: (error) => {
        // A refusal of the fields themselves is shown where it belongs, as the save's would be.
        const where = placed(error);
        if (where) setErrors({ [where.field]: where.message });
        else setPending({ body, check: { error } });
      },
    });
  };

  const persist = (body: ModelForm) => {
    save.mutate(
      { original: model?.name ?? null, body },
      {
        onSuccess: (saved) => {
          setPending(null);
          onSaved(saved);
        },
        onError: (error) => {
          setPending(null);
          const where = placed(error);
          if (where && (remote || !REMOTE_FIELDS.includes(where.field))) setErrors({ [where.field]: where.message });
          else setFormError(errorMessage(error));
        },
      },
    );
  };

  return (
    <>
      <form onSubmit={submit} noValidate data-testid="model-form">
        <Stack gap="xl">
          <DrawerSection title="Provider">
            <Radio.Group
              value={state.provider}
              onChange={(value) =>
                edit(
                  {
                    provider: value as Provider,
                    ...(state.clearanceChosen ? {} : { clearance: defaultClearance(value as Provider) }),
                  },
                  'provider',
                  ...REMOTE_FIELDS,
                )
              }
              error={errors.provider}
              aria-label="Provider"
            >
              <Stack gap="xs">
                {PROVIDER_ORDER.map((id) => (
                  <Radio.Card key={id} value={id} radius="md" p="sm" data-testid={`provider-${id}`}>
                    <Group wrap="nowrap" align="flex-start" gap="sm">
                      <Radio.Indicator mt={2} />
                      <Stack gap={2}>
                        <Text size="sm" fw={600}>
                          {PROVIDERS[id].label}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {PROVIDERS[id].description}
                        </Text>
                      </Stack>
                    </Group>
                  </Radio.Card>
                ))}
              </Stack>
            </Radio.Group>
          </DrawerSection>

          <DrawerSection title="Model">
            <TextInput
              label="Name"
              description={
                renamed
                  ? `Workflows that name it ${model.name} will fail until they are changed to the new name.`
                  : 'What workflows call it (model: team-llm). Lower-case letters, digits and dashes, starting with a letter.'
              }
              placeholder="team-llm"
              required
              data-autofocus
              autoComplete="off"
              spellCheck={false}
              maxLength={SLUG_MAX_LENGTH}
              value={state.name}
              onChange={(e) => edit({ name: e.currentTarget.value }, 'name')}
              error={errors.name}
            />
            <Textarea
              label="Description"
              description="What it is good for, and who pays for it: builders see this when they choose a model."
              placeholder="General-purpose model for drafting and summarising; billed to IT"
              rows={2}
              autosize
              maxRows={5}
              value={state.description}
              onChange={(e) => edit({ description: e.currentTarget.value }, 'description')}
              error={errors.description}
            />
            <Switch
              label="Switched on"
              description="When off, runs that use it stop with a message saying an administrator switched it off."
              checked={state.enabled}
              onChange={(e) => edit({ enabled: e.currentTarget.checked })}
            />
          </DrawerSection>

          {remote && (
            <DrawerSection title="Connection">
              <TextInput
                label="Endpoint"
                description={
                  state.provider === 'openai'
                    ? 'The base address of the API: https://api.openai.com/v1, http://localhost:11434/v1 for Ollama, or an Azure OpenAI deployment address with ?api-version=…'
                    : 'The base address of the API, normally https://api.anthropic.com'
                }
                placeholder={provider.endpointExample}
                autoComplete="off"
                spellCheck={false}
                value={state.endpoint}
                onChange={(e) => edit({ endpoint: e.currentTarget.value }, 'endpoint')}
                error={errors.endpoint}
              />
              <TextInput
                label="Model id"
                description="The provider's own name for the model."
                placeholder={provider.modelIdExample}
                autoComplete="off"
                spellCheck={false}
                value={state.modelId}
                onChange={(e) => edit({ modelId: e.currentTarget.value }, 'model_id')}
                error={errors.model_id}
              />
              <ModelCredentialField
                stored={model?.credential_set ?? false}
                change={credential}
                onChange={(change) => {
                  setCredential(change);
                  setErrors(({ credential: _, ...rest }) => rest);
                }}
                error={errors.credential}
              />
              {state.provider === 'openai' && (
                <Select
                  label="How to ask for JSON answers"
                  description="Steps that extract or classify ask for JSON. Servers differ in what they support: if tests of such steps fail, try the next option."
                  data={STRUCTURED_OUTPUT_OPTIONS.map((o) => ({ value: o.value, label: o.label }))}
                  value={state.structuredOutput}
                  onChange={(value) => value !== null && edit({ structuredOutput: value as StructuredOutput }, 'structured_output')}
                  allowDeselect={false}
                  error={errors.structured_output}
                />
              )}
              <NumberInput
                label="Timeout"
                description={`How long to wait for an answer before trying again, from 1 to ${MAX_TIMEOUT_SECONDS} seconds.`}
                suffix=" seconds"
                min={1}
                max={MAX_TIMEOUT_SECONDS}
                allowDecimal={false}
                allowNegative={false}
                value={state.timeoutSeconds}
                onChange={(timeoutSeconds) => edit({ timeoutSeconds }, 'timeout_seconds')}
                error={errors.timeout_seconds}
              />
            </DrawerSection>
          )}

          <DrawerSection title="Data it may receive" testId="model-clearance-section">
            <ModelClearanceField
              value={state.clearance}
              onChange={(change) => edit({ clearance: { ...state.clearance, ...change }, clearanceChosen: true }, 'clearance')}
              error={errors.clearance}
            />
          </DrawerSection>

          <DrawerSection title="Prices and limits">
            <Text size="xs" c="dimmed">
              Prices turn tokens into the cost shown on runs and here; use the provider&apos;s list price, or 0 for a model you
              run yourself.
            </Text>
            <SimpleGrid cols={2} spacing="md">
              <NumberInput
                label="Input price"
                description="US dollars per million input tokens"
                prefix="$"
                min={0}
                decimalScale={6}
                allowNegative={false}
                thousandSeparator=","
                value={state.inputPrice}
                onChange={(inputPrice) => edit({ inputPrice }, 'input_price_per_million')}
                error={errors.input_price_per_million}
              />
              <NumberInput
                label="Output price"
                description="US dollars per million output tokens"
                prefix="$"
                min={0}
                decimalScale={6}
                allowNegative={false}
                thousandSeparator=","
                value={state.outputPrice}
                onChange={(outputPrice) => edit({ outputPrice }, 'output_price_per_million')}
                error={errors.output_price_per_million}
              />
            </SimpleGrid>
            <NumberInput
              label="Context limit"
              description="The most tokens one request may hold; longer prompts fail before they are sent. Leave it empty for no check."
              placeholder="No limit"
              suffix=" tokens"
              min={1}
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator=","
              value={state.contextLimit}
              onChange={(contextLimit) => edit({ contextLimit }, 'context_limit')}
              error={errors.context_limit}
            />
          </DrawerSection>

          <DrawerSection title="Workspaces and budgets">
            <ModelAccessEditor
              value={state.access}
              onChange={(change) =>
                edit(
                  { access: { ...state.access, ...change } },
                  ...(change.budget !== undefined ? (['monthly_token_budget'] as const) : []),
                  ...(change.lines !== undefined || change.allWorkspaces !== undefined ? (['workspaces'] as const) : []),
                )
              }
              workspaces={workspaces}
              errors={{ workspaces: errors.workspaces, monthly_token_budget: errors.monthly_token_budget }}
            />
          </DrawerSection>

          {formError !== null && (
            <Alert color="red" role="alert" title="The model could not be saved">
              {formError}
            </Alert>
          )}
          <Divider />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending || impact.isPending}>
              {model === null ? 'Register model' : 'Save changes'}
            </Button>
          </Group>
        </Stack>
      </form>
      <PolicyImpactModal
        check={pending?.check ?? null}
        workspaceNames={new Map(workspaces.map((w) => [w.slug, w.name]))}
        saving={save.isPending}
        onSave={() => pending !== null && persist(pending.body)}
        onBack={() => setPending(null)}
      />
    </>
  );
}

interface ModelFormDrawerProps {
  opened: boolean;
  /** The model edited (kept while the drawer closes); null to register a new one. */
  model: ModelView | null;
  /** Changes each time the drawer opens, so that the form starts afresh. */
  formKey: number;
  workspaces: readonly WorkspaceView[];
  onClose: () => void;
  onSaved: (model: ModelView, created: boolean) => void;
}

/** Registers a model or changes one, in a drawer: the form shows what the chosen provider needs. */
export function ModelFormDrawer({ opened, model, formKey, workspaces, onClose, onSaved }: ModelFormDrawerProps) {
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="lg"
      title={<Text fw={650}>{model ? `Edit ${model.name}` : 'Add a model'}</Text>}
    >
      <ModelFormBody
        key={formKey}
        model={model}
        workspaces={workspaces}
        onClose={onClose}
        onSaved={(saved) => onSaved(saved, model === null)}
      />
    </Drawer>
  );
}
