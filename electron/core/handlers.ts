import { getSetting, storeTimeZone } from '../db/stores/settings';
import type { Actor, CoreDeps } from './context';
import { listStaff, login, setLanguage, createManagerApproval, staffAdminHandlers } from './staff';
import { customerHistory, customerView, enroll, findReferrer, identify, linkCard, loyaltyCode, search } from './customers';
import { addStamps, redeemReward, reverseOperation } from './stamps';
import { contract, isCommandName, type CommandName, type ParsedInputOf, type OutputOf } from '../../shared/contract';
import type { counterCommands } from '../../shared/contract/counter';
import { deviceHandlers } from './devices';
import { shiftHandlers } from './shifts';
import { saleHandlers } from './sales';
import type { FiscalDevicePort } from '../fiscal/port';
import { programHandlers } from './program';
import { printingHandlers } from './printing';
import { syncHandlers } from '../sync/handlers';
import { backofficeHandlers } from './adjustments';
import { ok, err, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import type { z } from 'zod';

type Reply<K extends CommandName> = Result<OutputOf<K>, AppError>;
/** Most use cases are one synchronous SQLite transaction; device and sync ones wait on I/O. */
export type Handler<K extends CommandName> = (input: ParsedInputOf<K>, actor: Actor | null) => Reply<K> | Promise<Reply<K>>;
export type HandlerTable = { [K in CommandName]: Handler<K> };

/** Commands whose access is 'public' get a null actor; every other handler is only called with one. */
export function signedIn<K extends CommandName>(fn: (input: ParsedInputOf<K>, actor: Actor) => Reply<K> | Promise<Reply<K>>): Handler<K> {
  return (input, actor) => (actor ? fn(input, actor) : err({ code: 'auth.required' }));
}

/** Every area's handlers; the type makes a command without a handler a compile error. */
export function createHandlers(deps: CoreDeps, options: { fiscal?: FiscalDevicePort } = {}): HandlerTable {
  return { ...counterHandlers(deps), ...staffAdminHandlers(deps), ...shiftHandlers(deps), ...saleHandlers(deps, options.fiscal), ...programHandlers(deps), ...printingHandlers(deps), ...deviceHandlers(deps), ...syncHandlers(deps), ...backofficeHandlers(deps) };
}

type CounterCommand = keyof typeof counterCommands;

function counterHandlers(deps: CoreDeps): { [K in CounterCommand]: Handler<K> } {
  const approveManager = createManagerApproval(deps);
  return {
    'system.info': () => {
      const program = deps.program();
      return ok({
        storeName: getSetting(deps.db, 'store.name') ?? '',
        currency: getSetting(deps.db, 'store.currency') ?? 'EUR',
        timeZone: storeTimeZone(deps.db),
        terminalId: deps.terminalId,
        programVersion: program.version,
        programName: program.name,
      });
    },
    'staff.list': () => ok(listStaff(deps)),
    'staff.login': (input) => login(deps, input.staffId, input.pin),
    'staff.me': signedIn((_input, actor) => ok({ id: actor.staffId, name: actor.name, role: actor.role, language: actor.language })),
    'staff.logout': signedIn((_input, actor) => {
      deps.sessions.end(actor.token);
      return ok(null);
    }),
    'staff.setLanguage': signedIn((input, actor) => setLanguage(deps, actor, input.language)),
    'customer.identify': signedIn((input) => {
      const local = identify(deps, input.code);
      // A card first seen at another store: ask HQ when this terminal is enrolled and HQ answers.
      if (local.ok || local.error.code !== 'customer.card_unknown' || !deps.sync.status().enrolled) return local;
      const code = String(local.error.params?.code ?? input.code);
      return deps.sync.lookupByCode(code).then((found) => (found.ok ? customerView(deps, found.value) : local));
    }),
    'customer.search': signedIn((input) => ok(search(deps, input.query))),
    'customer.get': signedIn((input) => customerView(deps, input.customerId)),
    'customer.history': signedIn((input, actor) => customerHistory(deps, actor, input.customerId, input.limit)),
    'customer.enroll': signedIn((input, actor) => {
      // A referrer who lives at another store: asked of HQ by card when enrolled and online, as a scan is.
      const referredBy = input.referredBy;
      const code = referredBy === undefined ? null : loyaltyCode(referredBy);
      if (referredBy === undefined || !code?.ok || findReferrer(deps, referredBy) || !deps.sync.status().enrolled) return enroll(deps, actor, input);
      return deps.sync.lookupByCode(code.value).then(() => enroll(deps, actor, input));
    }),
    'card.link': signedIn((input) => linkCard(deps, input.customerId, input.code)),
    'stamp.add': signedIn((input, actor) => addStamps(deps, actor, input)),
    'reward.redeem': signedIn((input, actor) => redeemReward(deps, actor, input)),
    'ledger.reverse': signedIn((input, actor) => reverseOperation(deps, actor, input, approveManager)),
  };
}

export type Dispatch = (name: string, rawInput: unknown, token: string | null) => Result<unknown, AppError> | Promise<Result<unknown, AppError>>;

/**
 * The one pipeline every transport calls: known command, valid input, signed in with a role that
 * may run it, then the use case. Anything thrown becomes `internal` (and is logged without input).
 */
export function createDispatch(deps: CoreDeps, handlers: HandlerTable): Dispatch {
  return (name, rawInput, token) => {
    if (!isCommandName(name)) return err({ code: 'command.unknown', params: { command: name.slice(0, 60) } });
    const spec = contract[name];
    const parsed = (spec.input as z.ZodType).safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return err({ code: 'input.invalid', params: { field: issue ? issue.path.join('.') || '(body)' : '(body)' } });
    }
    let actor: Actor | null = null;
    if (spec.access !== 'public') {
      actor = token ? deps.sessions.get(token) : null;
      if (!actor) return err({ code: 'auth.required' });
      if (!spec.access.includes(actor.role)) return err({ code: 'auth.forbidden' });
    } else if (token) {
      actor = deps.sessions.get(token);
    }
    const failed = (cause: unknown) => {
      deps.log.error('command failed', { command: name, error: cause instanceof Error ? cause.message : String(cause) });
      return err({ code: 'internal' as const });
    };
    try {
      const handler = handlers[name] as Handler<CommandName>;
      const reply = handler(parsed.data as never, actor);
      return reply instanceof Promise ? reply.catch(failed) : reply;
    } catch (cause) {
      return failed(cause);
    }
  };
}
