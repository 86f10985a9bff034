/** The shortest password the server accepts. */
export const MIN_PASSWORD_LENGTH = 12;

/** The hint under a new-password field: the rule, and how far off the typed one is. */
export function passwordHint(password: string): string {
  const missing = MIN_PASSWORD_LENGTH - password.length;
  if (password.length === 0) return `At least ${MIN_PASSWORD_LENGTH} characters`;
  if (missing > 0) return `At least ${MIN_PASSWORD_LENGTH} characters — ${missing} more to go`;
  return `At least ${MIN_PASSWORD_LENGTH} characters — long enough`;
}
