import { json, type RecordedRequest } from './fakeServer';

/** The catalogue every installation starts with: the four levels in the built-in words, and pci, phi and pii. */
export function labelCatalogue() {
  return {
    levels: [
      { level: 'public', name: 'Public', description: 'Anyone may see it' },
      { level: 'internal', name: 'Internal', description: 'Everyday company data' },
      { level: 'confidential', name: 'Confidential', description: 'Only some people may see it' },
      { level: 'restricted', name: 'Restricted', description: 'The most sensitive data' },
    ],
    categories: [
      { name: 'pci', description: 'Payment card data' },
      { name: 'phi', description: 'Health data' },
      { name: 'pii', description: 'Personal data' },
    ],
  };
}

/**
 * The label catalogue and the impact preview, as the real server answers them: the catalogue given, and no workflow
 * affected unless `affected` says otherwise.
 */
export function labelRoutes(
  catalogue: ReturnType<typeof labelCatalogue> = labelCatalogue(),
  affected: (request: RecordedRequest) => unknown[] = () => [],
) {
  return {
    'GET /api/v1/labels': () => json(200, catalogue),
    'POST /api/v1/policy/impact': (request: RecordedRequest) => json(200, { affected: affected(request) }),
  };
}
