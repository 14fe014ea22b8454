export const roles = ['cashier', 'barista', 'manager'] as const;
export type Role = (typeof roles)[number];

/** Who may run a command: anyone (before login), or staff with one of the roles. */
export type Access = 'public' | readonly Role[];

export const everyone: readonly Role[] = roles;
export const managers: readonly Role[] = ['manager'];
