import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EXCEPTION, driftNotice } from '../../../test/driftFixtures';
import { fakeFetch, json } from '../../../test/fakeServer';
import { TRIAGE, deployment, personWith, pipeline, triageDraft, version } from '../../../test/lifecycleFixtures';
import { renderApp } from '../../../test/renderApp';

describe('build: the pipeline shows what breaks policy since a policy change', { timeout: 15_000 }, () => {
  it('marks the environments whose live version breaks policy, with the exception if any', async () => {
    const base = pipeline();
    const withProd = {
      ...base,
      stages: base.stages.map((stage) => (stage.environment.slug === 'prod' ? { ...stage, live: deployment('prod', 1, { how: 'review' as const }) } : stage)),
    };
    const server = fakeFetch({
      'GET /api/v1/me': () => json(200, personWith(['builder'])),
      [`GET ${TRIAGE}`]: () => json(200, triageDraft()),
      [`GET ${TRIAGE}/deployments`]: () => json(200, withProd),
      [`GET ${TRIAGE}/versions`]: () => json(200, { versions: [version(2), version(1)] }),
      'GET /api/v1/policy-drift': () =>
        json(200, {
          drifted: [
            driftNotice(),
            driftNotice({ environment: 'dev', version: 2, exception: EXCEPTION }),
            // Another workflow in staging: not this one's.
            driftNotice({ workflow: 'password-reset', environment: 'staging' }),
          ],
        }),
    });
    renderApp('/build/it-service-desk/ticket-triage?tab=pipeline', server.fetch);

    const prod = await screen.findByTestId('stage-prod');
    expect(await within(prod).findByTestId('stage-drift-badge')).toHaveTextContent('Breaks policy since a policy change');
    expect(within(prod).queryByTestId('stage-drift-exception')).not.toBeInTheDocument();

    const dev = screen.getByTestId('stage-dev');
    expect(within(dev).getByTestId('stage-drift-badge')).toHaveTextContent('Breaks policy since a policy change');
    expect(within(dev).getByTestId('stage-drift-exception')).toHaveTextContent(
      /^Exception until .*2099.* — The model is being re-assessed — granted by admin@demo\.local$/,
    );

    expect(within(screen.getByTestId('stage-staging')).queryByTestId('stage-drift')).not.toBeInTheDocument();
    // The same list as the app frame's notice: asked for once.
    expect(server.requests.filter((r) => r.path === '/api/v1/policy-drift')).toHaveLength(1);
  });
});
