// How the engine's message parameters read to a person: instants as local times with their zone
// label, places as people name them (state, province or city) rather than IANA zone names, phone
// numbers as numbers, codes as words, in English or Simplified Chinese. Pure (Intl only).
//
// The engine keeps its parameters machine-readable (ISO instants, ISO 3166-2 regions, E.164
// numbers, encoded place lists) so a decision logged today can be worded in either language
// later; formatMessage (messages.ts) renders them through this file.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { MessageLanguage } from './messages';
import { offsetAt } from './time';

const US_STATES: Record<string, [en: string, zh: string]> = {
  AL: ['Alabama', '阿拉巴马州'], AK: ['Alaska', '阿拉斯加州'], AZ: ['Arizona', '亚利桑那州'], AR: ['Arkansas', '阿肯色州'],
  CA: ['California', '加利福尼亚州'], CO: ['Colorado', '科罗拉多州'], CT: ['Connecticut', '康涅狄格州'], DE: ['Delaware', '特拉华州'],
  DC: ['District of Columbia', '哥伦比亚特区'], FL: ['Florida', '佛罗里达州'], GA: ['Georgia', '佐治亚州'], HI: ['Hawaii', '夏威夷州'],
  ID: ['Idaho', '爱达荷州'], IL: ['Illinois', '伊利诺伊州'], IN: ['Indiana', '印第安纳州'], IA: ['Iowa', '艾奥瓦州'],
  KS: ['Kansas', '堪萨斯州'], KY: ['Kentucky', '肯塔基州'], LA: ['Louisiana', '路易斯安那州'], ME: ['Maine', '缅因州'],
  MD: ['Maryland', '马里兰州'], MA: ['Massachusetts', '马萨诸塞州'], MI: ['Michigan', '密歇根州'], MN: ['Minnesota', '明尼苏达州'],
  MS: ['Mississippi', '密西西比州'], MO: ['Missouri', '密苏里州'], MT: ['Montana', '蒙大拿州'], NE: ['Nebraska', '内布拉斯加州'],
  NV: ['Nevada', '内华达州'], NH: ['New Hampshire', '新罕布什尔州'], NJ: ['New Jersey', '新泽西州'], NM: ['New Mexico', '新墨西哥州'],
  NY: ['New York', '纽约州'], NC: ['North Carolina', '北卡罗来纳州'], ND: ['North Dakota', '北达科他州'], OH: ['Ohio', '俄亥俄州'],
  OK: ['Oklahoma', '俄克拉何马州'], OR: ['Oregon', '俄勒冈州'], PA: ['Pennsylvania', '宾夕法尼亚州'], RI: ['Rhode Island', '罗得岛州'],
  SC: ['South Carolina', '南卡罗来纳州'], SD: ['South Dakota', '南达科他州'], TN: ['Tennessee', '田纳西州'], TX: ['Texas', '得克萨斯州'],
  UT: ['Utah', '犹他州'], VT: ['Vermont', '佛蒙特州'], VA: ['Virginia', '弗吉尼亚州'], WA: ['Washington', '华盛顿州'],
  WV: ['West Virginia', '西弗吉尼亚州'], WI: ['Wisconsin', '威斯康星州'], WY: ['Wyoming', '怀俄明州'],
};

const lang = (language: MessageLanguage) => (language === 'zh-CN' ? 1 : 0);

/** US-NV → Nevada / 内华达州; any other text is returned as it is (a province as the address gives it). */
export function regionName(region: string, language: MessageLanguage): string {
  const state = /^US-([A-Z]{2})$/.exec(region)?.[1];
  return (state && US_STATES[state]?.[lang(language)]) ?? region;
}

/** A zone as people name it where it has no state: its city (Europe/London → London), Beijing time for China. */
export function zoneCity(zone: string, language: MessageLanguage): string {
  if (zone === 'Asia/Shanghai') return language === 'zh-CN' ? '北京时间' : 'Beijing time';
  return zone.slice(zone.lastIndexOf('/') + 1).replace(/_/g, ' ');
}

const labelCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string, language: MessageLanguage, withDate: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${language}|${withDate}`;
  let f = labelCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language === 'zh-CN' ? 'zh-CN' : 'en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      ...(withDate ? { year: 'numeric', month: language === 'zh-CN' ? 'long' : 'short', day: 'numeric', weekday: 'short' } : {}),
      timeZoneName: language === 'zh-CN' ? 'long' : 'short',
    } as Intl.DateTimeFormatOptions);
    if (labelCache.size > 500) labelCache.clear();
    labelCache.set(key, f);
  }
  return f;
}

/**
 * An instant as local time in `zone` with the zone's label: "Tue, Jun 2, 2026, 07:30 PDT",
 * "2026年6月2日周二 07:30（北美太平洋夏令时间）"; `withDate` false gives the time and label only.
 */
export function localTime(ms: number, zone: string, language: MessageLanguage, withDate = true): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatterFor(zone, language, withDate).formatToParts(ms);
  } catch {
    return new Date(ms).toISOString();
  }
  const label = zone === 'Asia/Shanghai' ? (language === 'zh-CN' ? '北京时间' : 'Beijing time') : (parts.find((p) => p.type === 'timeZoneName')?.value ?? zone);
  const text = parts.filter((p) => p.type !== 'timeZoneName').map((p) => p.value).join('').replace(/[\s,]+$/, '').replace(/\s+/g, ' ').trim();
  return language === 'zh-CN' ? `${text}（${label}）` : `${text} ${label}`;
}

/** +12125550123 → +1 212 555 0123 (as dialled internationally); anything else as it is. */
export function phoneText(number: string): string {
  return parsePhoneNumberFromString(number)?.formatInternational() ?? number;
}

// --- Places ------------------------------------------------------------------------------------

/** One place the person may be, as the engine passes it: where, in which zone, and how it is known. */
export interface PlaceRef {
  zone: string;
  region: string | null;
  /** How it is known, as a code: `zip 94103`, `state NV`, `address-zone`, `address`, `phone +1…`, `phone-zone +1…`, `unknown`. */
  via: string;
}

/** Encodes places for a reason's `places` parameter: `US-CA|America/Los_Angeles|zip 94103; …`. */
export function encodePlaces(places: readonly PlaceRef[]): string {
  return places.map((p) => `${p.region ?? ''}|${p.zone}|${p.via}`).join('; ');
}

export function decodePlaces(text: string): PlaceRef[] | null {
  const out: PlaceRef[] = [];
  for (const part of text.split('; ')) {
    const [region, zone, via] = part.split('|');
    if (zone === undefined || via === undefined) return null;
    out.push({ zone, region: region || null, via });
  }
  return out;
}

function viaText(via: string, language: MessageLanguage): string {
  const [kind, ...rest] = via.split(' ');
  const detail = rest.join(' ');
  const zh = language === 'zh-CN';
  switch (kind) {
    case 'zip': return zh ? `地址邮编 ${detail}` : `address ZIP ${detail}`;
    case 'state': return zh ? `地址所在州 ${regionName(`US-${detail}`, language)}` : `address in ${regionName(`US-${detail}`, language)}`;
    case 'address-zone': return zh ? '地址时区' : 'address time zone';
    case 'address': return zh ? '地址' : 'address';
    case 'phone': return zh ? `电话 ${phoneText(detail)} 的区号` : `phone ${phoneText(detail)} area code`;
    case 'phone-zone': return zh ? `电话 ${phoneText(detail)} 登记的时区` : `phone ${phoneText(detail)} stated zone`;
    case 'phone-unknown': return zh ? `电话 ${phoneText(detail)}，号码不显示所在地` : `phone ${phoneText(detail)}, number tells no location`;
    case 'unknown': return zh ? '地址不明' : 'address unknown';
    default: return via;
  }
}

/**
 * The places at `ms` as a person reads them, one line per distinct local time: "California 07:30
 * PDT (address ZIP 94103); New York 10:30 EDT (phone +1 212 555 0123 area code)". A list longer
 * than a few states (nothing is known of the location) names the first ones and how many more.
 */
const MAX_GROUPS = 3;

export function placesText(text: string, ms: number | null, language: MessageLanguage): string {
  const places = decodePlaces(text);
  if (!places) return text;
  const zh = language === 'zh-CN';
  // Group by what the reader would see: the local time and its label.
  const groups = new Map<string, { regions: string[]; vias: Set<string> }>();
  // West to east (earliest local time first), so a shortened list keeps the extremes' side.
  const ordered = ms === null ? places : [...places].sort((a, b) => offsetAt(ms, a.zone) - offsetAt(ms, b.zone));
  for (const p of ordered) {
    const when = ms === null ? zoneCity(p.zone, language) : localTime(ms, p.zone, language, false);
    let g = groups.get(when);
    if (!g) groups.set(when, (g = { regions: [], vias: new Set() }));
    const name = p.region ? regionName(p.region, language) : p.zone === 'Asia/Shanghai' ? '' : zoneCity(p.zone, language);
    if (name && !g.regions.includes(name)) g.regions.push(name);
    if (p.via) g.vias.add(viaText(p.via, language));
  }
  // Nothing known of the location gives every US zone: the first few (earliest first, as the
  // engine lists them) tell the reader why, the rest are counted.
  const all = [...groups];
  const tail = all.length > MAX_GROUPS ? (zh ? `等另外 ${all.length - MAX_GROUPS} 个时区` : `and ${all.length - MAX_GROUPS} more time zones`) : '';
  return [...all.slice(0, MAX_GROUPS).map(([when, g]) => {
    const shown = g.regions.slice(0, 3);
    const more = g.regions.length - shown.length;
    const where = shown.join(zh ? '、' : ', ') + (more > 0 ? (zh ? ` 等 ${g.regions.length} 地` : ` and ${more} more`) : '');
    const how = g.vias.size > 0 && g.vias.size <= 2 ? [...g.vias].join(zh ? '；' : '; ') : '';
    const head = where ? `${where} ${when}` : when;
    return how ? (zh ? `${head}（${how}）` : `${head} (${how})`) : head;
  }), ...(tail ? [tail] : [])].join(zh ? '；' : '; ');
}

// --- Codes ---------------------------------------------------------------------------------------

const CODES: Record<string, [en: string, zh: string]> = {
  location_information: ['obtaining the debtor’s location information', '获取债务人的联系方式或住址'],
  reestablish_contact: ['re-establishing contact or passing a message', '恢复与债务人的联系或转告信息'],
  residence_or_cell: ['the residence or a cell phone', '住宅电话或手机'],
  other_numbers: ['other numbers (work and others)', '其他号码（工作电话等）'],
  mon: ['Monday', '周一'], tue: ['Tuesday', '周二'], wed: ['Wednesday', '周三'], thu: ['Thursday', '周四'],
  fri: ['Friday', '周五'], sat: ['Saturday', '周六'], sun: ['Sunday', '周日'],
};

/** A code the engine passes (a purpose, a kind of number) in words; other text as it is. */
export function codeText(value: string, language: MessageLanguage): string {
  return CODES[value]?.[lang(language)] ?? value;
}
