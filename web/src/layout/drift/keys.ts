/** The live deployments that break policy after a policy change: asked for by the app frame and the pipeline. */
export const driftKey = ['policy-drift'] as const;
