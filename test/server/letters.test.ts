// Letters as PDF, read back with PDF.js (unpdf): the Reg F validation notice carries model form
// B-1's fields in English and in Spanish, and the Chinese overdue notice its amount, days overdue
// and lawful consequences, in an embedded CJK font whose text extracts as written.
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { AccountBundle } from '../../shared/domain/portfolio';
import {
  cnOverdueNoticeFor, cnOverdueNoticePdf, validationNoticeFor, validationNoticePdf, validationPeriodEnd,
} from '../../server/letters/notices';

const usAccount: AccountBundle = {
  account: {
    id: 'acc-us-1', ref: 'US-200045', region: 'US', currency: 'USD', debtorName: 'Maria Lopez', address: '1418 Elm Street, Apt 3, Columbus, OH 43215',
    province: 'OH', postalCode: '43215', timeZone: 'America/New_York', assignedTo: null, teamId: null,
  },
  debts: [{ id: 'd1', accountId: 'acc-us-1', lender: 'Northwind Bank', product: 'credit card', principalMinor: 250_000, feesMinor: 7_500, balanceMinor: 207_500, dueDate: '2026-06-15', stage: 'early' }],
  parties: [], phones: [], holds: [], history: [],
};

const cnAccount: AccountBundle = {
  account: {
    id: 'acc-cn-1', ref: 'CN-100002', region: 'CN', currency: 'CNY', debtorName: '庞国兰', address: '广东省深圳市福田区体育路379号', province: '广东',
    postalCode: '518760', timeZone: 'Asia/Shanghai', assignedTo: null, teamId: null,
  },
  debts: [{ id: 'd2', accountId: 'acc-cn-1', lender: '招联消费金融', product: '信用贷', principalMinor: 1_120_000, feesMinor: 201_600, balanceMinor: 761_600, dueDate: '2026-11-01', stage: 'late' }],
  parties: [], phones: [], holds: [], history: [],
};

async function textOf(pdf: Buffer): Promise<string> {
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  expect(doc.numPages, 'one printed page, the response form at its foot').toBe(1);
  const { text } = await extractText(doc, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('validation notice (Regulation F, model form B-1)', () => {
  it('ends the validation period 30 days after receipt, receipt 5 weekdays after sending', () => {
    expect(validationPeriodEnd('2026-12-04')).toBe('2027-01-10'); // Fri → received Fri 11th → +30 days
    expect(validationPeriodEnd('2026-12-07')).toBe('2027-01-13');
  });

  it('itemises the debt from the itemisation date so the amounts add up', () => {
    const n = validationNoticeFor(usAccount, '2026-12-07');
    expect(n).toMatchObject({ itemizationDate: '2026-06-15', owedAtItemizationMinor: 250_000, interestMinor: 0, feesMinor: 7_500, paidMinor: 50_000, totalNowMinor: 207_500, respondBy: '2027-01-13' });
    expect(n.owedAtItemizationMinor + n.interestMinor + n.feesMinor - n.paidMinor).toBe(n.totalNowMinor);
    expect(() => validationNoticeFor(cnAccount, '2026-12-07')).toThrow(/not a US account/);
  });

  it('in English carries every B-1 field and the consumer-response section', async () => {
    const text = await textOf(await validationNoticePdf(validationNoticeFor(usAccount, '2026-12-07'), 'en'));
    for (const field of [
      'Fairline Recovery Services is a debt collector', 'We are trying to collect a debt that you owe to Northwind Bank',
      'You had a credit card from Northwind Bank with account number US-200045',
      'As of June 15, 2026, you owed:', '$2,500.00', 'Between June 15, 2026 and today:',
      'You were charged this amount in interest:', '+ $0.00', 'You were charged this amount in fees:', '+ $75.00',
      'You paid or were credited this amount toward the debt:', '– $500.00', 'Total amount of the debt now:', '$2,075.00',
      'How can you dispute the debt?', 'Call or write to us by January 13, 2027 to dispute all or part of the debt',
      'we must stop collection on any amount you dispute', 'name and address of the original creditor',
      'www.cfpb.gov/debt-collection', 'How do you want to respond?', 'Check all that apply:', 'This is not my debt.', 'The amount is wrong.',
      'I want you to send me the name and address of the original creditor.', 'I enclosed this amount:', 'Maria Lopez',
      'Itemization date: 2026-06-15', 'Dispute or ask for the original creditor by: 2027-01-13', 'en español',
    ]) expect(text, field).toContain(field);
  });

  it('in Spanish, where the consumer asked, carries the same fields', async () => {
    const text = await textOf(await validationNoticePdf(validationNoticeFor(usAccount, '2026-12-07'), 'es'));
    for (const field of [
      'es un cobrador de deudas', 'que usted le debe a Northwind Bank', 'Al 15 de junio de 2026, usted debía:', '$2,500.00',
      'Se le cobró esta cantidad en intereses:', 'Se le cobró esta cantidad en cargos:', '+ $75.00',
      'Usted pagó o se le acreditó esta cantidad a la deuda:', '– $500.00', 'Cantidad total de la deuda ahora:', '$2,075.00',
      '¿Cómo puede disputar la deuda?', 'antes del 13 de enero de 2027', 'acreedor original', '¿Cómo desea responder?',
      'Esta no es mi deuda.', 'La cantidad es incorrecta.', 'Adjunto esta cantidad:', 'Fecha de desglose: 2026-06-15',
    ]) expect(text, field).toContain(field);
  });
});

describe('逾期催收通知书', () => {
  it('states the amount, the days overdue and only lawful consequences, in an embedded CJK font', async () => {
    const notice = cnOverdueNoticeFor(cnAccount, '2026-12-07');
    expect(notice.daysOverdue).toBe(36);
    const pdf = await cnOverdueNoticePdf(notice);
    expect(pdf.toString('latin1')).toMatch(/\/FontFile3|\/FontFile2/); // the font travels with the letter
    const text = await textOf(pdf);
    for (const field of ['逾期催收通知书', '庞国兰', '招联消费金融', '信用贷', '2026年11月1日', '36天', '¥7,616.00', '¥11,200.00', '¥2,016.00',
      '逾期利息', '金融信用信息基础数据库', '诉讼', '400-820-8820', '法莱恩资产管理有限公司', '请勿向任何个人账户转账'])
      expect(text.replace(/ /g, ''), field).toContain(field.replace(/ /g, ''));
    for (const forbidden of ['拘留', '坐牢', '通知您的家人', '曝光', '上门'])
      expect(text, forbidden).not.toContain(forbidden);
  });

  it('names the missing font and how to get one', async () => {
    await expect(cnOverdueNoticePdf(cnOverdueNoticeFor(cnAccount, '2026-12-07'), { FAIRLINE_CJK_FONT: '/nowhere/font.ttc' })).rejects.toThrow(/FAIRLINE_CJK_FONT names \/nowhere\/font.ttc/);
  });
});
