import { Select, Text, type SelectProps } from '@mantine/core';
import type { Role } from '../../api/types';
import { roleLabel } from '../../layout/roles';
import { ROLE_DESCRIPTIONS } from './roles';

const ROLE_OPTIONS = ROLE_DESCRIPTIONS.map(({ role }) => ({ value: role, label: roleLabel(role) }));
const DESCRIPTION = new Map(ROLE_DESCRIPTIONS.map(({ role, description }) => [role, description]));

/** What a role lets someone do, in one sentence. */
export function roleDescription(role: Role): string | undefined {
  return DESCRIPTION.get(role);
}

type RoleSelectProps = Omit<SelectProps<Role>, 'data' | 'renderOption'> & {
  /** Roles not offered (e.g. admin, which no service account may hold). */
  exclude?: readonly Role[];
};

/** A select of the roles, each option with what the role lets someone do. */
export function RoleSelect({ exclude = [], ...props }: RoleSelectProps) {
  return (
    <Select<Role>
      label="Role"
      {...props}
      data={ROLE_OPTIONS.filter((option) => !exclude.includes(option.value))}
      renderOption={({ option }) => (
        <div>
          <Text size="sm">{option.label}</Text>
          <Text size="xs" c="dimmed">
            {DESCRIPTION.get(option.value)}
          </Text>
        </div>
      )}
    />
  );
}
