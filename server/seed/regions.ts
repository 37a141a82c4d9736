// Everything that differs between a Chinese consumer-loan account and a US one: names,
// addresses, numbers, lenders, and the wording agents and lenders use in notes.
import type { Currency, HoldKind, Region } from '../../shared/domain/portfolio';
import { CN_CITIES, CN_MOBILE_PREFIXES, CN_ROADS, CN_TIME_ZONE, US_STATES } from './places';
import { fakerCN, fakerUS, rng } from './random';

export interface Place {
  province: string;
  city: string;
  address: string;
  postalCode: string;
  timeZone: string;
  areaCodes: readonly string[];
}

export interface Person { name: string; family: string }

export interface Lender { name: string; products: readonly { name: string; min: number; max: number }[] } // major units

export type CallResult = 'answered' | 'no_answer' | 'busy' | 'voicemail';

export interface RegionText {
  call: Record<CallResult, readonly string[]>;
  sms: string;
  payment: string;
  promise: string;
  letter: string;
  notes: readonly string[];
  visit: { met: string; not_home: string };
  holds: Record<Exclude<HoldKind, 'attorney' | 'sms_opt_out' | 'email_opt_out'>, string> & { liftedDispute: string };
  attorney(): string;
}

export interface RegionKit {
  region: Region;
  currency: Currency;
  refPrefix: string;
  /** Late fees accrue at this share of the principal per day past due. */
  feeRatePerDay: number;
  place(): Place;
  person(family?: string): Person;
  company(): string;
  mobile(place: Place): { number: string; timeZone: string };
  landline(place: Place): string;
  lenders: readonly Lender[];
  text: RegionText;
}

const weightedPick = <T extends { weight: number }>(items: readonly T[]): T => rng.weighted(items.map((i) => [i, i.weight] as const));

export const CN: RegionKit = {
  region: 'CN',
  currency: 'CNY',
  refPrefix: 'CN',
  feeRatePerDay: 0.0005,
  place() {
    const c = weightedPick(CN_CITIES);
    const prefix = c.province === c.city ? c.city : `${c.province}${c.city}`;
    const room = `${rng.int(1, 32)}${String(rng.int(1, 8)).padStart(2, '0')}`;
    return {
      province: c.province,
      city: c.city,
      address: `${prefix}${rng.pick(c.districts)}${rng.pick(CN_ROADS)}${rng.int(1, 999)}号${rng.int(1, 30)}栋${room}室`,
      postalCode: `${c.postalPrefix}${rng.digits(3)}`,
      timeZone: CN_TIME_ZONE,
      areaCodes: [c.areaCode],
    };
  },
  person(family) {
    const last = family ?? fakerCN.person.lastName();
    return { name: `${last}${fakerCN.person.firstName()}`, family: last };
  },
  company: () => fakerCN.company.name(),
  mobile: () => ({ number: `+86${rng.pick(CN_MOBILE_PREFIXES)}${rng.digits(8)}`, timeZone: CN_TIME_ZONE }),
  // Eight-digit local numbers never start with 0 or 1.
  landline: (place) => `+86${rng.pick(place.areaCodes)}${rng.int(2, 8)}${rng.digits(7)}`,
  lenders: [
    { name: '招联消费金融', products: [{ name: '信用贷', min: 3000, max: 50000 }, { name: '循环额度', min: 2000, max: 30000 }] },
    { name: '马上消费金融', products: [{ name: '分期贷款', min: 1000, max: 20000 }, { name: '循环额度', min: 2000, max: 20000 }] },
    { name: '中银消费金融', products: [{ name: '信用贷', min: 5000, max: 80000 }, { name: '分期贷款', min: 3000, max: 50000 }] },
    { name: '兴业消费金融', products: [{ name: '分期贷款', min: 3000, max: 50000 }] },
    { name: '捷信消费金融', products: [{ name: '分期贷款', min: 1000, max: 15000 }] },
    { name: '度小满', products: [{ name: '信用贷', min: 2000, max: 60000 }, { name: '循环额度', min: 1000, max: 30000 }] },
  ],
  text: {
    call: {
      answered: ['债务人承认欠款，表示本月底前还款', '债务人称近期资金紧张，请求延期', '债务人表示已还部分款项，需核实', '已告知逾期后果及还款渠道'],
      no_answer: ['无人接听'],
      busy: ['占线'],
      voicemail: ['转入语音信箱，未留言'],
    },
    sms: '发送还款提醒短信',
    payment: '收到还款',
    promise: '债务人承诺还款',
    letter: '寄送逾期提醒函',
    notes: ['债务人更换工作单位，已更新联系方式', '债务人要求工作时间勿来电', '紧急联系人表示会转告债务人'],
    visit: { met: '上门拜访，本人在家，已沟通还款计划', not_home: '上门拜访，无人在家，留下联系卡' },
    holds: {
      cease: '债务人书面要求停止催收联系',
      dispute: '债务人对账单金额提出异议，待核实',
      bankruptcy: '债务人申请个人破产，暂停催收',
      deceased: '家属告知债务人已身故，待核实死亡证明',
      do_not_call: '该号码机主称不认识债务人，要求勿再拨打',
      liftedDispute: '异议已核实，账单无误，恢复催收',
    },
    attorney: () => `债务人已委托${CN.person().name}律师代理，请与律师联系`,
  },
};

export const US: RegionKit = {
  region: 'US',
  currency: 'USD',
  refPrefix: 'US',
  feeRatePerDay: 0.0003,
  place() {
    const s = weightedPick(US_STATES);
    const c = rng.pick(s.cities);
    const zip = `${c.zipPrefix}${rng.digits(2)}`;
    const unit = rng.chance(0.25) ? ` ${fakerUS.location.secondaryAddress()}` : '';
    return {
      province: s.code,
      city: c.city,
      address: `${fakerUS.location.streetAddress()}${unit}, ${c.city}, ${s.code} ${zip}`,
      postalCode: zip,
      timeZone: s.timeZone,
      areaCodes: c.areaCodes,
    };
  },
  person(family) {
    const last = family ?? fakerUS.person.lastName();
    return { name: `${fakerUS.person.firstName()} ${last}`, family: last };
  },
  company: () => fakerUS.company.name(),
  // Some debtors kept a mobile number from another state: its zone differs from the address.
  mobile(place) {
    if (rng.chance(0.12)) {
      const s = rng.pick(US_STATES);
      return { number: usNumber(rng.pick(rng.pick(s.cities).areaCodes)), timeZone: s.timeZone };
    }
    return { number: usNumber(rng.pick(place.areaCodes)), timeZone: place.timeZone };
  },
  landline: (place) => usNumber(rng.pick(place.areaCodes)),
  lenders: [
    { name: 'Evergreen Federal Credit Union', products: [{ name: 'Personal loan', min: 1000, max: 20000 }, { name: 'Auto loan', min: 6000, max: 35000 }] },
    { name: 'Summit Bank Card Services', products: [{ name: 'Credit card', min: 500, max: 12000 }] },
    { name: 'Northstar Card', products: [{ name: 'Credit card', min: 300, max: 9000 }] },
    { name: 'Redline Auto Finance', products: [{ name: 'Auto loan', min: 5000, max: 40000 }] },
    { name: 'Lakeside Lending', products: [{ name: 'Personal loan', min: 1500, max: 25000 }] },
  ],
  text: {
    call: {
      answered: ['Debtor acknowledged the debt and will pay by month end', 'Debtor asked for a hardship plan',
        'Debtor says part was paid; to verify', 'Mini-Miranda given; discussed payment options'],
      no_answer: ['No answer'],
      busy: ['Line busy'],
      voicemail: ['Left limited-content voicemail'],
    },
    sms: 'Payment reminder text sent',
    payment: 'Payment received',
    promise: 'Promise to pay',
    letter: 'Validation notice mailed',
    notes: ['Debtor changed employer; contact details updated', 'Debtor asked not to be called at work',
      'Spouse says debtor will call back'],
    visit: { met: 'Visited; debtor at home, discussed a plan', not_home: 'Visited; nobody home, left a card' },
    holds: {
      cease: 'Written cease-communication request received',
      dispute: 'Debtor disputes the balance in writing; validation pending',
      bankruptcy: 'Chapter 7 petition filed; automatic stay in effect',
      deceased: 'Reported deceased by family; awaiting death certificate',
      do_not_call: 'Wrong number: the subscriber does not know the debtor, asked not to be called',
      liftedDispute: 'Dispute resolved: validation sent and balance confirmed',
    },
    attorney: () => `Represented by counsel (${fakerUS.person.lastName()} & ${fakerUS.person.lastName()} LLP); contact the attorney only`,
  },
};

// 555-01XX is the block reserved for fiction in every NANP area code: valid-looking E.164
// numbers that belong to no one, should a demo number ever be dialled for real.
function usNumber(areaCode: string): string {
  return `+1${areaCode}55501${rng.digits(2)}`;
}
