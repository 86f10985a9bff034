/** Where a knowledge base's page is; `tab` opens one of its tabs. */
export function knowledgeBasePath(slug: string, tab?: string): string {
  const path = `/knowledge/${encodeURIComponent(slug)}`;
  return tab === undefined ? path : `${path}?tab=${encodeURIComponent(tab)}`;
}
