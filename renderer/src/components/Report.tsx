import type { ShiftReport } from '../../../shared/contract';
import { useT } from '../i18n';

/** An X- or Z-report, laid out like the printed one; a printable page until a receipt printer is set up. */
export function Report({ report }: { report: ShiftReport }) {
  const t = useT();
  const money = (minor: number) => t.money(minor, report.shift.currency);
  const row = (label: string, value: string | number, testId?: string) => (
    <tr>
      <th scope="row">{label}</th>
      <td data-testid={testId}>{value}</td>
    </tr>
  );
  return (
    <article className="report panel" data-testid="report">
      <h2>{report.kind === 'Z' ? t.t('shift.z', { number: report.shift.zNumber ?? '' }) : t.t('shift.x')}</h2>
      <p className="muted">
        {t.dateTime(report.shift.openedAt)} – {report.shift.closedAt ? t.dateTime(report.shift.closedAt) : '…'} · {report.shift.openedBy}
        {report.closedBy ? ` / ${report.closedBy}` : ''}
      </p>
      <table>
        <tbody>
          {row(t.t('report.sales'), `${report.sales.count} · ${money(report.sales.totalMinor)}`, 'report-sales')}
          {report.sales.byTender.map((x) => row(`  ${t.t(`tender.${x.kind}`)}`, money(x.minor)))}
          {report.sales.byCategory.map((x) => row(`  ${t.text(x.name)}`, `${x.quantity} · ${money(x.minor)}`))}
          {report.sales.byStaff.map((x) => row(`  ${x.staffName}`, `${x.count} · ${money(x.minor)}`))}
          {row(t.t('report.discounts'), money(report.sales.discountMinor))}
          {row(t.t('report.refunds'), `${report.sales.refunds.count} · ${money(report.sales.refunds.minor)}`, 'report-refunds')}
          {row(t.t('report.voids'), `${report.sales.voids.count} · ${money(report.sales.voids.minor)}`)}
          {row(t.t('report.float'), money(report.cash.floatMinor))}
          {row(t.t('shift.cashIn'), money(report.cash.cashInMinor))}
          {row(t.t('shift.cashOut'), money(report.cash.cashOutMinor))}
          {row(t.t('report.expected'), money(report.cash.expectedMinor), 'report-expected')}
          {report.cash.countedMinor !== null ? row(t.t('report.counted'), money(report.cash.countedMinor), 'report-counted') : null}
          {report.cash.differenceMinor !== null ? row(t.t('report.difference'), money(report.cash.differenceMinor), 'report-difference') : null}
          {row(t.t('report.stampsGiven'), report.loyalty.stampsGiven, 'report-stamps')}
          {row(t.t('report.rewardsRedeemed'), report.loyalty.rewardsRedeemed, 'report-redeemed')}
          {row(t.t('report.pointsEarned'), report.loyalty.pointsEarned)}
          {row(t.t('report.pointsSpent'), report.loyalty.pointsSpent)}
          {row(t.t('report.newMembers'), report.loyalty.newMembers)}
          {row(t.t('report.waiting'), report.eventsWaiting, 'report-waiting')}
        </tbody>
      </table>
    </article>
  );
}
