import { useTranslation } from 'react-i18next';
import { type Currency, type Debt, daysPastDue } from '../../../shared/domain/portfolio';
import { useFormat } from '../../app/format';
import { DaysPastDue } from '../../ui/DaysPastDue';
import { StageChip } from '../../ui/StageChip';

interface Props {
  debts: Debt[];
  currency: Currency;
  today: string;
}

export function DebtsTable({ debts, currency, today }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const sum = (pick: (debt: Debt) => number) => format.money(debts.reduce((total, debt) => total + pick(debt), 0), currency);
  return (
    <section className="panel" aria-labelledby="account-debts-title">
      <h2 id="account-debts-title">{t('account.debts')}</h2>
      <table className="data-table" data-testid="account-debts">
        <thead>
          <tr>
            <th>{t('account.column.lender')}</th>
            <th>{t('account.column.product')}</th>
            <th className="num">{t('account.column.principal')}</th>
            <th className="num">{t('account.column.fees')}</th>
            <th className="num">{t('account.column.balance')}</th>
            <th>{t('account.column.dueDate')}</th>
            <th className="num">{t('account.column.dpd')}</th>
            <th>{t('account.column.stage')}</th>
          </tr>
        </thead>
        <tbody>
          {debts.map((debt) => (
            <tr key={debt.id}>
              <td>{debt.lender}</td>
              <td>{debt.product}</td>
              <td className="num">{format.money(debt.principalMinor, currency)}</td>
              <td className="num">{format.money(debt.feesMinor, currency)}</td>
              <td className="num strong">{format.money(debt.balanceMinor, currency)}</td>
              <td>{format.date(debt.dueDate)}</td>
              <td className="num"><DaysPastDue days={daysPastDue(debt.dueDate, today)} /></td>
              <td><StageChip stage={debt.stage} /></td>
            </tr>
          ))}
        </tbody>
        {debts.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>{t('account.total')}</th>
              <td className="num">{sum((d) => d.principalMinor)}</td>
              <td className="num">{sum((d) => d.feesMinor)}</td>
              <td className="num strong">{sum((d) => d.balanceMinor)}</td>
              <td colSpan={3} />
            </tr>
          </tfoot>
        )}
      </table>
    </section>
  );
}
