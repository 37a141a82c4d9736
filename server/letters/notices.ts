// The letters themselves: what each says, from an account as the server holds it.
// - The validation notice of Regulation F (12 CFR 1006.34) laid out as model form B-1: the
//   collector and consumer, the itemisation date and the itemised amounts (1006.34(c)(2)), the
//   validation period's end for disputes and original-creditor requests (1006.34(c)(3)), the
//   consumer-response section (1006.34(c)(4)); in English, or in Spanish where the consumer asked
//   (1006.34(d)(3)(vi)).
// - 逾期催收通知书: the amount, the days overdue and the lawful consequences only (the contract's
//   overdue interest, credit reporting as the law provides, the lender's right to go to court),
//   with the institution's name and how to pay, dispute or complain; no threat, no public shaming,
//   no fee beyond the contract (NIFA convention 2018 arts. 15, 16, 19; CBA guideline 2026).
import type { AccountBundle } from '../../shared/domain/portfolio';
import { DEFAULT_ORGANISATION, type Organisation } from '../messaging/facts';
import { cjkFont, writePdf } from './pdf';

export type ValidationLanguage = 'en' | 'es';

/** Model form B-1's fields. Money in minor units of `currency`; dates ISO (YYYY-MM-DD). */
export interface ValidationNotice {
  collector: { name: string; address: string[]; phone: string; hours: string; website: string };
  consumer: { name: string; address: string[] };
  reference: string;
  creditor: string;
  product: string;
  currency: 'USD';
  /** The itemisation date (1006.34(b)(3)): here the last statement (the oldest due date). */
  itemizationDate: string;
  owedAtItemizationMinor: number;
  interestMinor: number;
  feesMinor: number;
  paidMinor: number;
  totalNowMinor: number;
  /** The notice's date, and the validation period's end (dispute by, ask for the original creditor by). */
  sentOn: string;
  respondBy: string;
}

/** 逾期催收通知书 */
export interface CnOverdueNotice {
  institution: string;
  debtorName: string;
  reference: string;
  lender: string;
  product: string;
  principalMinor: number;
  feesMinor: number;
  amountDueMinor: number;
  dueDate: string;
  daysOverdue: number;
  issuedOn: string;
  paymentChannel: string;
  hotline: string;
  businessHours: string;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The end of the validation period: 30 days after the consumer receives the notice, taken as 5
 * days after it is sent excluding Saturdays and Sundays (1006.34(b)(5)); public holidays are not
 * counted here, which only moves the date later than the rule requires.
 */
export function validationPeriodEnd(sentOn: string): string {
  let at = Date.parse(`${sentOn}T00:00:00Z`);
  for (let business = 0; business < 5;) {
    at += DAY;
    const wd = new Date(at).getUTCDay();
    if (wd !== 0 && wd !== 6) business++;
  }
  return iso(at + 30 * DAY);
}

/** The notice for a US account: amounts itemised from the oldest open debt's due date. */
export function validationNoticeFor(bundle: AccountBundle, sentOn: string, org: Organisation = DEFAULT_ORGANISATION): ValidationNotice {
  const { account, debts } = bundle;
  if (account.region !== 'US' || account.currency !== 'USD') throw new Error(`Account ${account.ref} is not a US account: a Regulation F validation notice does not apply`);
  const open = debts.filter((d) => d.balanceMinor > 0).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  if (open.length === 0) throw new Error(`Account ${account.ref} has nothing owed`);
  const principal = open.reduce((s, d) => s + d.principalMinor, 0);
  const fees = open.reduce((s, d) => s + d.feesMinor, 0);
  const total = open.reduce((s, d) => s + d.balanceMinor, 0);
  return {
    collector: { name: org.institution.US, address: ['PO Box 4410', 'Wilmington, DE 19807'], phone: org.callbackNumber.US, hours: org.businessHours.US, website: 'www.fairline.example/pay' },
    consumer: { name: account.debtorName, address: account.address.split(/,\s*/) },
    reference: account.ref, creditor: [...new Set(open.map((d) => d.lender))].join(', '), product: open[0]!.product, currency: 'USD',
    itemizationDate: open[0]!.dueDate, owedAtItemizationMinor: principal, interestMinor: 0, feesMinor: fees,
    paidMinor: Math.max(0, principal + fees - total), totalNowMinor: total, sentOn, respondBy: validationPeriodEnd(sentOn),
  };
}

/** The notice for a Chinese account. */
export function cnOverdueNoticeFor(bundle: AccountBundle, issuedOn: string, org: Organisation = DEFAULT_ORGANISATION): CnOverdueNotice {
  const { account, debts } = bundle;
  const open = debts.filter((d) => d.balanceMinor > 0).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  if (open.length === 0) throw new Error(`Account ${account.ref} has nothing owed`);
  const oldest = open[0]!;
  return {
    institution: org.institution.CN, debtorName: account.debtorName, reference: account.ref, lender: [...new Set(open.map((d) => d.lender))].join('、'),
    product: oldest.product, principalMinor: open.reduce((s, d) => s + d.principalMinor, 0), feesMinor: open.reduce((s, d) => s + d.feesMinor, 0),
    amountDueMinor: open.reduce((s, d) => s + d.balanceMinor, 0), dueDate: oldest.dueDate,
    daysOverdue: Math.round((Date.parse(`${issuedOn}T00:00:00Z`) - Date.parse(`${oldest.dueDate}T00:00:00Z`)) / DAY),
    issuedOn, paymentChannel: org.paymentChannel.CN, hotline: org.callbackNumber.CN, businessHours: org.businessHours.CN,
  };
}

// Wording ----------------------------------------------------------------------------------------

const usd = (minor: number) => `$${(minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const yuan = (minor: number) => `¥${(minor / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const LONG: Record<ValidationLanguage, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }),
  es: new Intl.DateTimeFormat('es-US', { dateStyle: 'long', timeZone: 'UTC' }),
};
const longDate = (d: string, lang: ValidationLanguage) => LONG[lang].format(new Date(`${d}T00:00:00Z`));
const cnDate = (d: string) => { const [y, m, day] = d.split('-'); return `${y}年${Number(m)}月${Number(day)}日`; };

/** Model form B-1's words, in English and in the CFPB's Spanish model form's terms. */
function b1Text(n: ValidationNotice, lang: ValidationLanguage) {
  const date = (d: string) => longDate(d, lang);
  if (lang === 'es') {
    return {
      title: 'Aviso de validación de deuda',
      intro: `${n.collector.name} es un cobrador de deudas. Estamos tratando de cobrar una deuda que usted le debe a ${n.creditor}. Usaremos cualquier información que usted nos dé para ayudar a cobrar la deuda.`,
      ourInfo: 'Nuestra información indica:',
      had: `Usted tenía un ${n.product} de ${n.creditor} con número de cuenta ${n.reference}.`,
      asOf: `Al ${date(n.itemizationDate)}, usted debía:`,
      between: `Entre el ${date(n.itemizationDate)} y hoy:`,
      interest: 'Se le cobró esta cantidad en intereses:',
      fees: 'Se le cobró esta cantidad en cargos:',
      paid: 'Usted pagó o se le acreditó esta cantidad a la deuda:',
      total: 'Cantidad total de la deuda ahora:',
      disputeHead: '¿Cómo puede disputar la deuda?',
      dispute: `Llámenos o escríbanos antes del ${date(n.respondBy)} para disputar toda o parte de la deuda. Si no lo hace, asumiremos que nuestra información es correcta.`,
      disputeWrite: `Si nos escribe antes del ${date(n.respondBy)}, debemos dejar de cobrar cualquier cantidad que usted dispute hasta que le enviemos información que muestre que usted debe la deuda. Puede usar el formulario de abajo o escribirnos sin el formulario. También puede incluir documentos de apoyo.`,
      elseHead: '¿Qué más puede hacer?',
      creditor: `Escríbanos para pedir el nombre y la dirección del acreedor original, si es diferente del acreedor actual. Si nos escribe antes del ${date(n.respondBy)}, debemos dejar de cobrar hasta que le enviemos esa información.`,
      cfpb: 'Visite www.cfpb.gov/debt-collection para obtener más información sobre sus derechos bajo la ley federal.',
      options: `Comuníquese con nosotros sobre sus opciones de pago: ${n.collector.phone}, ${n.collector.hours}.`,
      mailHead: 'Envíe este formulario a:',
      respondHead: '¿Cómo desea responder?',
      checkAll: 'Marque todo lo que corresponda:',
      disputeBecause: 'Quiero disputar la deuda porque creo que:',
      notMine: 'Esta no es mi deuda.',
      wrongAmount: 'La cantidad es incorrecta.',
      other: 'Otro (describa al reverso o adjunte información adicional).',
      originalCreditor: 'Quiero que me envíen el nombre y la dirección del acreedor original.',
      enclosed: 'Adjunto esta cantidad: $______________',
      payable: `Haga su cheque pagadero a ${n.collector.name}. Incluya el número de referencia ${n.reference}.`,
      reference: 'Número de referencia',
      sentOn: `Fecha del aviso: ${date(n.sentOn)}`,
      itemDate: 'Fecha de desglose',
      respondByLabel: 'Fecha límite para disputar o pedir el acreedor original',
    };
  }
  return {
    title: 'Debt validation notice',
    intro: `${n.collector.name} is a debt collector. We are trying to collect a debt that you owe to ${n.creditor}. We will use any information you give us to help collect the debt.`,
    ourInfo: 'Our information shows:',
    had: `You had a ${n.product} from ${n.creditor} with account number ${n.reference}.`,
    asOf: `As of ${date(n.itemizationDate)}, you owed:`,
    between: `Between ${date(n.itemizationDate)} and today:`,
    interest: 'You were charged this amount in interest:',
    fees: 'You were charged this amount in fees:',
    paid: 'You paid or were credited this amount toward the debt:',
    total: 'Total amount of the debt now:',
    disputeHead: 'How can you dispute the debt?',
    dispute: `Call or write to us by ${date(n.respondBy)} to dispute all or part of the debt. If you do not, we will assume that our information is correct.`,
    disputeWrite: `If you write to us by ${date(n.respondBy)}, we must stop collection on any amount you dispute until we send you information that shows you owe the debt. You may use the form below or write to us without the form. You may also include supporting documents.`,
    elseHead: 'What else can you do?',
    creditor: `Write to ask for the name and address of the original creditor, if different from the current creditor. If you write by ${date(n.respondBy)}, we must stop collection until we send you that information.`,
    cfpb: 'Go to www.cfpb.gov/debt-collection to learn more about your rights under federal law.',
    options: `Contact us about your payment options: ${n.collector.phone}, ${n.collector.hours}.`,
    mailHead: 'Mail this form to:',
    respondHead: 'How do you want to respond?',
    checkAll: 'Check all that apply:',
    disputeBecause: 'I want to dispute the debt because I think:',
    notMine: 'This is not my debt.',
    wrongAmount: 'The amount is wrong.',
    other: 'Other (please describe on reverse or attach additional information).',
    originalCreditor: 'I want you to send me the name and address of the original creditor.',
    enclosed: 'I enclosed this amount: $______________',
    payable: `Make your check payable to ${n.collector.name}. Include the reference number ${n.reference}.`,
    reference: 'Reference',
    sentOn: `Notice date: ${date(n.sentOn)}`,
    itemDate: 'Itemization date',
    respondByLabel: 'Dispute or ask for the original creditor by',
    spanish: 'Póngase en contacto con nosotros para solicitar una copia de este formulario en español.',
  };
}

/** The validation notice as a one-page letter with its tear-off response form. */
export function validationNoticePdf(n: ValidationNotice, lang: ValidationLanguage = 'en'): Promise<Buffer> {
  const w = b1Text(n, lang);
  return writePdf({ title: w.title, author: n.collector.name, lang: lang === 'es' ? 'es-US' : 'en-US', createdAt: new Date(`${n.sentOn}T12:00:00Z`) }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    doc.font('Helvetica-Bold').fontSize(10).text(n.collector.name, left, 54);
    doc.font('Helvetica').fontSize(9).text([...n.collector.address, n.collector.phone].join('\n'));
    doc.text(w.sentOn, left, 54, { width, align: 'right' });
    doc.text(`${w.reference}: ${n.reference}`, { width, align: 'right' });
    doc.moveDown(2).fontSize(10).text([n.consumer.name, ...n.consumer.address].join('\n'), left);
    doc.moveDown(1.2).font('Helvetica-Bold').fontSize(14).text(w.title);
    doc.moveDown(0.4).font('Helvetica').fontSize(9.5).text(w.intro, { width });
    doc.moveDown(0.6).font('Helvetica-Bold').text(w.ourInfo).font('Helvetica').text(w.had, { width });
    const row = (label: string, amount: string, bold = false) => {
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').text(label, left + 12, y, { width: width - 120 });
      doc.text(amount, left + width - 100, y, { width: 100, align: 'right' });
      doc.moveDown(0.2);
    };
    doc.moveDown(0.3);
    row(w.asOf, usd(n.owedAtItemizationMinor));
    doc.font('Helvetica-Oblique').text(w.between, left + 12);
    row(w.interest, `+ ${usd(n.interestMinor)}`);
    row(w.fees, `+ ${usd(n.feesMinor)}`);
    row(w.paid, `– ${usd(n.paidMinor)}`);
    row(w.total, usd(n.totalNowMinor), true);
    doc.moveDown(0.5).font('Helvetica-Bold').text(w.disputeHead, left).font('Helvetica').text(w.dispute, { width }).moveDown(0.2).text(w.disputeWrite, { width });
    doc.moveDown(0.5).font('Helvetica-Bold').text(w.elseHead).font('Helvetica').text(w.creditor, { width }).moveDown(0.2).text(w.cfpb, { width }).moveDown(0.2).text(w.options, { width });
    if ('spanish' in w && w.spanish) doc.moveDown(0.2).font('Helvetica-Oblique').text(w.spanish, { width });
    // The consumer-response section, below a cut line.
    doc.moveDown(0.8);
    const cut = doc.y;
    doc.dash(3, { space: 3 }).moveTo(left, cut).lineTo(left + width, cut).stroke().undash();
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(9).text(`${w.mailHead} ${n.collector.name}, ${n.collector.address.join(', ')}`, left, cut + 8, { width });
    doc.font('Helvetica').text(`${n.consumer.name} · ${w.reference}: ${n.reference}`);
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(11).text(w.respondHead).fontSize(9).font('Helvetica').text(w.checkAll);
    const box = (label: string, indent = 0) => {
      const y = doc.y + 1;
      doc.rect(left + indent, y, 8, 8).stroke();
      doc.text(label, left + indent + 14, y - 1, { width: width - indent - 14 });
      doc.moveDown(0.2);
    };
    doc.moveDown(0.2).text(w.disputeBecause);
    box(w.notMine, 12);
    box(w.wrongAmount, 12);
    box(w.other, 12);
    box(w.originalCreditor);
    box(w.enclosed);
    doc.text(w.payable, left + 14, doc.y, { width: width - 14 });
    doc.moveDown(0.3).fontSize(7.5).fillColor('#555').text(`${w.itemDate}: ${n.itemizationDate} · ${w.respondByLabel}: ${n.respondBy}`, left);
  });
}

/** 逾期催收通知书 */
export async function cnOverdueNoticePdf(n: CnOverdueNotice, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const font = cjkFont(env);
  return writePdf({ title: '逾期催收通知书', author: n.institution, lang: 'zh-CN', createdAt: new Date(`${n.issuedOn}T12:00:00Z`) }, (doc) => {
    if (font.family) doc.registerFont('cjk', font.file, font.family);
    else doc.registerFont('cjk', font.file);
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    doc.font('cjk').fontSize(18).text('逾期催收通知书', { width, align: 'center' });
    doc.moveDown(0.3).fontSize(9).fillColor('#555').text(`编号：${n.reference}　　日期：${cnDate(n.issuedOn)}`, { width, align: 'center' }).fillColor('#000');
    doc.moveDown(1.2).fontSize(11).text(`${n.debtorName}（先生/女士）：`);
    doc.moveDown(0.4).text(`您好！本公司（${n.institution}）受${n.lender}委托，就您在该机构办理的${n.product}逾期一事通知如下：`, { width, lineGap: 3 });
    const row = (label: string, value: string) => {
      const y = doc.y;
      doc.text(label, left + 20, y, { width: 160 });
      doc.text(value, left + 190, y, { width: width - 190 });
      doc.moveDown(0.3);
    };
    doc.moveDown(0.6);
    row('借款机构', n.lender);
    row('产品', n.product);
    row('应还日期', cnDate(n.dueDate));
    row('逾期天数', `${n.daysOverdue}天`);
    row('未还本金', yuan(n.principalMinor));
    row('合同约定费用', yuan(n.feesMinor));
    row('截至本通知日应还金额', yuan(n.amountDueMinor));
    doc.moveDown(0.6).text(`请您于收到本通知后尽快通过${n.paymentChannel}还款。本公司不收取合同约定以外的任何费用，请勿向任何个人账户转账。`, left, doc.y, { width, lineGap: 3 });
    doc.moveDown(0.6).text('逾期可能产生的后果（依照借款合同及相关法律法规）：', { width });
    const items = [
      '一、按借款合同约定继续计收逾期利息（罚息），应还金额可能增加；',
      '二、逾期信息可能依法报送金融信用信息基础数据库，影响您的个人信用记录；',
      '三、借款机构可能依法通过诉讼等法律途径主张权利，具体以人民法院的裁判为准。',
    ];
    for (const item of items) doc.text(item, left + 20, doc.y, { width: width - 20, lineGap: 3 });
    doc.moveDown(0.6).text(`如您对欠款金额有异议，或已经还款、需要协商还款计划，请致电${n.hotline}（${n.businessHours}），我们将核实后答复。您也可以向借款机构或其监管部门投诉。`, left, doc.y, { width, lineGap: 3 });
    doc.moveDown(1.5).text(n.institution, { width, align: 'right' });
    doc.text(cnDate(n.issuedOn), { width, align: 'right' });
  });
}
