import { clearanceSentence } from './clearance';
import { ClearanceField, type ClearanceValue, type ClearanceWords } from './ClearanceField';

export { clearanceOf, type ClearanceValue } from './ClearanceField';

const MODEL_WORDS: ClearanceWords = {
  intro:
    'The most sensitive data this model may receive. Workflows that would send it anything more sensitive get a policy warning before they run. Choose the highest level you trust this provider with.',
  levelLabel: 'Most sensitive level',
  allCategoriesDescription: 'It may receive every special kind of data, such as personal, health or payment card data.',
  categoriesLabel: 'Special categories it may receive',
  categoriesDescription: 'The special kinds of data it may receive, such as pii (personal data). Choose none for none.',
  sentence: clearanceSentence,
};

interface ModelClearanceFieldProps {
  value: ClearanceValue;
  onChange: (change: Partial<ClearanceValue>) => void;
  /** What is wrong with it (found before sending, or the API's refusal). */
  error?: string;
}

/** The most sensitive data a model may receive: a level, and which special categories of data. */
export function ModelClearanceField({ value, onChange, error }: ModelClearanceFieldProps) {
  return <ClearanceField value={value} onChange={onChange} words={MODEL_WORDS} testId="model-clearance" error={error} />;
}
