/** The admin UI's client of /admin/api/*: `{ok: false, error: {code}}` answers become AdminApiError. */
export class AdminApiError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, unknown>,
  ) {
    super(code);
  }
}

export interface Organisation {
  id: string;
  name: string;
  conflictPolicy: 'write_off' | 'carry_negative';
}
export interface Terminal {
  id: string;
  name: string;
  enrolledAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
  lastPushAt: number | null;
  ackSeq: number;
  clockSkewMs: number | null;
}
export interface Store {
  id: string;
  name: string;
  currency: 'EUR' | 'BGN' | 'RUB';
  timeZone: string;
  terminals: Terminal[];
}
export interface Conflict {
  id: string;
  kind: string;
  customerId: string;
  customerName: string | null;
  asset: string;
  terminalId: string;
  otherTerminalId: string | null;
  shortfall: number;
  createdAt: number;
  resolvedAt: number | null;
  resolution: 'write_off' | 'carry_negative' | 'reviewed' | null;
  managerName: string | null;
  balance: number;
  /** Velocity flags only. */
  staffId?: string | null;
  ruleId?: string | null;
  day?: string | null;
  dayTotal?: number | null;
  maxPerDay?: number | null;
}
export interface StaffMember {
  id: string;
  name: string;
  role: 'cashier' | 'barista' | 'manager';
  active: boolean;
  updatedAt: number;
}
export interface CatalogueVersion {
  version: number;
  publishedAt: number | null;
  document: unknown;
}
export interface Customer {
  id: string;
  name: string;
  phone: string | null;
  homeStoreId: string;
  enrolledAt: number;
  cards: { code: string; blocked: boolean }[];
  balances: Record<string, number>;
}
export interface Summary {
  storeId: string;
  name: string;
  currency: string;
  terminals: number;
  homeCustomers: number;
  events: number;
  sales: number;
  salesTotalMinor: number;
  openConflicts: number;
}
export interface ProgramVersion {
  version: number;
  publishedAt: number;
  document: unknown;
}

export function createApi(token: () => string | null, onUnauthorized: () => void) {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    const t = token();
    if (t) headers['authorization'] = `Bearer ${t}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`/admin/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json()) as T & { ok?: false; error?: { code: string; params: Record<string, unknown> } };
    if (!res.ok) {
      if (res.status === 401 && path !== '/login') onUnauthorized();
      throw new AdminApiError(json.error?.code ?? 'admin.unavailable', json.error?.params ?? {});
    }
    return json;
  }
  return {
    login: (password: string) => call<{ token: string }>('POST', '/login', { password }),
    organisations: () => call<Organisation[]>('GET', '/organisations'),
    createOrganisation: (name: string, conflictPolicy: Organisation['conflictPolicy']) => call<{ id: string }>('POST', '/organisations', { name, conflictPolicy }),
    stores: (org: string) => call<Store[]>('GET', `/organisations/${org}/stores`),
    createStore: (org: string, input: { name: string; currency: string; timeZone: string }) => call<{ id: string }>('POST', `/organisations/${org}/stores`, input),
    createEnrolCode: (store: string) => call<{ code: string; expiresAt: number }>('POST', `/stores/${store}/enrol-codes`, {}),
    revoke: (terminal: string) => call<unknown>('POST', `/terminals/${terminal}/revoke`, {}),
    programs: (org: string) => call<ProgramVersion[]>('GET', `/organisations/${org}/programs`),
    publish: (org: string, document: unknown) => call<{ version: number }>('POST', `/organisations/${org}/programs`, { document }),
    customers: (org: string, q: string) => call<Customer[]>('GET', `/organisations/${org}/customers?q=${encodeURIComponent(q)}`),
    conflicts: (org: string) => call<Conflict[]>('GET', `/organisations/${org}/conflicts`),
    resolve: (conflict: string, resolution: 'write_off' | 'carry_negative' | 'reviewed', managerName: string) =>
      call<unknown>('POST', `/conflicts/${conflict}/resolve`, { resolution, managerName }),
    summary: (org: string) => call<Summary[]>('GET', `/organisations/${org}/summary`),
    staff: (org: string) => call<StaffMember[]>('GET', `/organisations/${org}/staff`),
    saveStaff: (org: string, input: { id?: string; name: string; role: StaffMember['role']; pin?: string; active?: boolean }) =>
      call<StaffMember>('POST', `/organisations/${org}/staff`, input),
    catalogue: (org: string) => call<CatalogueVersion>('GET', `/organisations/${org}/catalogue`),
    publishCatalogue: (org: string, document: unknown) => call<{ version: number }>('POST', `/organisations/${org}/catalogue`, { document }),
  };
}

export type AdminApi = ReturnType<typeof createApi>;
