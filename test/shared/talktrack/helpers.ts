// Shared fixtures for the talk-track tests: a US and a Chinese account context and a clock.
import type { CallContext } from '../../../shared/talktrack';

export const T0 = Date.parse('2026-03-09T17:00:00Z');

export const usContext: CallContext = {
  currency: 'USD',
  timeZone: 'America/Los_Angeles',
  debtorName: 'Maria Rivera',
  salutation: 'Ms. Rivera',
  agentName: 'Sam Lee',
  institution: 'Acme Recovery',
  callbackNumber: '(800) 555-0100',
  businessHours: '8 a.m. to 8 p.m. Pacific',
  paymentChannel: 'the Summit Bank app',
  lender: 'Summit Bank',
  product: 'Visa card',
  accountRef: '4821',
  amountDueMinor: 124050,
  balanceMinor: 512000,
  dueDate: '2026-02-20',
  region: 'US-CA',
  identity: { dateOfBirth: '1985-04-12', ssnLast4: '6789', address: '12 Oak St, Fresno CA 93701' },
};

export const cnContext: CallContext = {
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  debtorName: '张伟',
  salutation: '张先生',
  agentName: '李娜',
  agentId: 'A0371',
  institution: '星河消费金融客服中心',
  callbackNumber: '400-820-0000',
  businessHours: '每天 9:00–21:00',
  paymentChannel: '星河金融 App 的“还款”页面',
  lender: '星河消费金融',
  product: '星河贷',
  accountRef: '0921',
  amountDueMinor: 1240000,
  balanceMinor: 3650000,
  dueDate: '2026-02-27',
  region: 'CN-SH',
  identity: { idLast4: '123X', dateOfBirth: '1990-07-01' },
};

/** Every debt detail of a context as the view would format it, to search a view for leaks. */
export const usDebtTexts = ['$1,240.50', '$5,120.00', 'Summit Bank', 'Visa card', '4821', 'February 20, 2026'];
export const cnDebtTexts = ['¥12,400.00', '¥36,500.00', '星河消费金融', '星河贷', '0921', '2026年2月27日'];
