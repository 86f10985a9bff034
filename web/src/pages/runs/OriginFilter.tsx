import { Input, SegmentedControl } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { ORIGIN_LABELS, RUN_ORIGINS, type RunOrigin } from './origin';

const OPTIONS = [{ value: '', label: 'All' }, ...RUN_ORIGINS.map((origin) => ({ value: origin, label: ORIGIN_LABELS[origin] }))];

/** The "Started through" filter, kept in the URL as `?through=` so that a link (and the way back) keeps it. */
export function useOriginParam(): [RunOrigin | null, (origin: RunOrigin | null) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get('through');
  const chosen = RUN_ORIGINS.find((origin) => origin === asked) ?? null;
  const choose = (origin: RunOrigin | null) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (origin === null) next.delete('through');
        else next.set('through', origin);
        return next;
      },
      { replace: true },
    );
  return [chosen, choose];
}

/** Shows only the runs started through the form, a batch, the API or the console. */
export function OriginFilter({ value, onChange }: { value: RunOrigin | null; onChange: (origin: RunOrigin | null) => void }) {
  return (
    <Input.Wrapper label="Started through" id="runs-origin" labelElement="div">
      <div>
        <SegmentedControl
          aria-labelledby="runs-origin-label"
          data={OPTIONS}
          value={value ?? ''}
          onChange={(next) => onChange(RUN_ORIGINS.find((origin) => origin === next) ?? null)}
          size="sm"
          data-testid="runs-origin-filter"
        />
      </div>
    </Input.Wrapper>
  );
}
