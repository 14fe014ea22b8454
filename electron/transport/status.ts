import type { ErrorCode } from '../../shared/errors';

/** The HTTP status that fits an error code; the body always carries the code itself. */
export function httpStatus(code: ErrorCode): number {
  switch (code) {
    case 'input.invalid':
    case 'code.empty':
    case 'code.bad_check_digit':
    case 'code.unsupported':
    case 'code.product_barcode':
    case 'card.bank_card':
    case 'card.half_read':
    case 'sale.empty':
    case 'sale.item_unknown':
    case 'sale.reward_not_applicable':
    case 'sale.underpaid':
    case 'sale.overpaid':
    case 'shift.count_invalid':
    case 'stamp.count_invalid':
      return 400;
    case 'auth.required':
    case 'auth.wrong_pin':
      return 401;
    case 'auth.forbidden':
    case 'auth.manager_pin_required':
      return 403;
    case 'command.unknown':
    case 'sale.not_found':
    case 'shift.not_found':
    case 'staff.not_found':
    case 'customer.not_found':
    case 'customer.card_unknown':
    case 'ledger.entry_not_found':
      return 404;
    case 'sale.already_refunded':
    case 'shift.none_open':
    case 'shift.already_open':
    case 'staff.last_manager':
    case 'customer.phone_taken':
    case 'customer.card_taken':
    case 'reward.not_available':
    case 'ledger.already_reversed':
    case 'ledger.not_reversible':
    case 'ledger.reward_already_used':
      return 409;
    case 'auth.locked':
      return 429;
    case 'printer.not_configured':
    case 'printer.nothing_to_reprint':
      return 409;
    case 'printer.offline':
    case 'printer.paper_out':
    case 'printer.cover_open':
    case 'printer.dropped':
      return 503;
    case 'internal':
      return 500;
    default:
      return 422;
  }
}
