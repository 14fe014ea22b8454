import type { ShiftReport } from '../../../shared/contract';
import { useT } from '../i18n';
import { BarChart } from './charts/BarChart';

/**
 * An X- or Z-report, laid out like the printed one; a printable page until a receipt printer is set
 * up. On screen, the sales are drawn first as bars (by category, tender, staff member): a manager
 * sees at a glance where the day went, then reads the figures below.
 */
export function Report({ report }: { report: ShiftReport }) {
  const t = useT();
  const money = (minor: number) => t.money(minor, report.shift.currency);
  const row = (label: string, value: string | number, testId?: string) => (
    <tr key={testId ?? label}>
      <th scope="row">{label}</th>
      <td data-testid={testId}>{value}</td>
    </tr>
  );
  const heading = (label: string) => (
    <tr key={`h-${label}`}>
      <th scope="rowgroup" colSpan={2}>
        {label}
      </th>
    </tr>
  );
  const counted = Object.entries(report.cash.counted ?? {})
    .map(([d, n]) => [Number(d), n] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[0] - a[0]);
  return (
    <article className="report panel" data-testid="report">
      <h2>{report.kind === 'Z' ? t.t('shift.z', { number: report.shift.zNumber ?? '' }) : t.t('shift.x')}</h2>
      <p className="muted">
        {t.dateTime(report.shift.openedAt)} – {report.shift.closedAt ? t.dateTime(report.shift.closedAt) : '…'} · {report.shift.openedBy}
        {report.closedBy ? ` / ${report.closedBy}` : ''}
      </p>
      <div className="report-charts">
        <BarChart
          testId="chart-hour"
          title={t.t('report.byHour')}
          bars={(report.sales.byHour ?? []).map((x) => ({
            key: String(x.hour),
            label: `${String(x.hour).padStart(2, '0')}:00–${String((x.hour + 1) % 24).padStart(2, '0')}:00`,
            value: x.minor,
            display: `${x.count} · ${money(x.minor)}`,
          }))}
        />
        <BarChart
          testId="chart-category"
          title={t.t('report.byCategory')}
          bars={report.sales.byCategory.map((x) => ({ key: x.categoryId, label: t.text(x.name), value: x.minor, display: money(x.minor) }))}
        />
        <BarChart
          testId="chart-tender"
          title={t.t('report.byTender')}
          bars={report.sales.byTender.map((x) => ({ key: x.kind, label: t.t(`tender.${x.kind}`), value: x.minor, display: money(x.minor) }))}
        />
        <BarChart
          testId="chart-staff"
          title={t.t('report.byStaff')}
          bars={report.sales.byStaff.map((x) => ({ key: x.staffName, label: x.staffName, value: x.minor, display: money(x.minor) }))}
        />
      </div>
      <table>
        <tbody>
          {row(t.t('report.sales'), `${report.sales.count} · ${money(report.sales.totalMinor)}`, 'report-sales')}
          {heading(t.t('report.byTender'))}
          {report.sales.byTender.map((x) => row(`  ${t.t(`tender.${x.kind}`)}`, money(x.minor), `report-tender-${x.kind}`))}
          {heading(t.t('report.byCategory'))}
          {report.sales.byCategory.map((x) => row(`  ${t.text(x.name)}`, `${x.quantity} · ${money(x.minor)}`, `report-category-${x.categoryId}`))}
          {heading(t.t('report.byStaff'))}
          {report.sales.byStaff.map((x) => row(`  ${x.staffName}`, `${x.count} · ${money(x.minor)}`, `report-staff-${x.staffName}`))}
          {row(t.t('report.discounts'), money(report.sales.discountMinor), 'report-discounts')}
          {(report.sales.discountsByKind ?? []).map((x) => row(`  ${t.t(`report.discounts.${x.kind}`)}`, money(x.minor), `report-discounts-${x.kind}`))}
          {row(t.t('report.refunds'), `${report.sales.refunds.count} · ${money(report.sales.refunds.minor)}`, 'report-refunds')}
          {row(t.t('report.voids'), `${report.sales.voids.count} · ${money(report.sales.voids.minor)}`, 'report-voids')}
          {heading(t.t('report.expected'))}
          {row(t.t('report.float'), money(report.cash.floatMinor), 'report-float')}
          {row(t.t('report.cashSales'), money(report.cash.cashSalesMinor), 'report-cash-sales')}
          {row(t.t('shift.cashIn'), money(report.cash.cashInMinor), 'report-cash-in')}
          {row(t.t('shift.cashOut'), money(report.cash.cashOutMinor), 'report-cash-out')}
          {report.cash.movements.map((m, i) => row(`  ${m.kind === 'in' ? '+' : '−'} ${m.reason} (${m.staffName})`, money(m.amountMinor), `report-movement-${i}`))}
          {row(t.t('report.expected'), money(report.cash.expectedMinor), 'report-expected')}
          {counted.length > 0 ? heading(t.t('report.countedBy')) : null}
          {counted.map(([d, n]) => row(`  ${n} × ${money(d)}`, money(d * n), `report-count-${d}`))}
          {report.cash.countedMinor !== null ? row(t.t('report.counted'), money(report.cash.countedMinor), 'report-counted') : null}
          {report.cash.differenceMinor !== null ? row(t.t('report.difference'), money(report.cash.differenceMinor), 'report-difference') : null}
          {heading(t.t('report.loyalty'))}
          {row(t.t('report.stampsGiven'), report.loyalty.stampsGiven, 'report-stamps')}
          {row(t.t('report.stampsReversed'), report.loyalty.stampsReversed, 'report-stamps-reversed')}
          {row(t.t('report.rewardsEarned'), report.loyalty.rewardsEarned, 'report-rewards-earned')}
          {row(t.t('report.rewardsRedeemed'), report.loyalty.rewardsRedeemed, 'report-redeemed')}
          {row(t.t('report.pointsEarned'), report.loyalty.pointsEarned, 'report-points-earned')}
          {row(t.t('report.pointsSpent'), report.loyalty.pointsSpent, 'report-points-spent')}
          {row(t.t('report.newMembers'), report.loyalty.newMembers, 'report-new-members')}
          {row(t.t('report.waiting'), report.eventsWaiting, 'report-waiting')}
          {report.audit ? [heading(t.t('report.audit')), row(t.t('report.audit.records'), report.audit.records, 'report-audit-records'), row(t.t('report.audit.head'), report.audit.headHash, 'report-audit-head')] : null}
        </tbody>
      </table>
    </article>
  );
}
