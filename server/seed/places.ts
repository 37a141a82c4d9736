// Where demo debtors live. Real provinces, states, cities, postal prefixes and telephone area
// codes, so addresses, time zones and numbers agree with each other.

export interface CnCity {
  province: string;
  city: string;
  districts: readonly string[];
  postalPrefix: string; // first 3 of 6 digits
  areaCode: string; // landline area code without the trunk 0
  weight: number;
}

// Weighted towards East China (华东), where the demo team sits and the field agent visits.
export const CN_CITIES: readonly CnCity[] = [
  { province: '上海市', city: '上海市', districts: ['浦东新区', '徐汇区', '闵行区', '静安区', '杨浦区'], postalPrefix: '200', areaCode: '21', weight: 18 },
  { province: '江苏省', city: '南京市', districts: ['玄武区', '鼓楼区', '江宁区'], postalPrefix: '210', areaCode: '25', weight: 8 },
  { province: '江苏省', city: '苏州市', districts: ['姑苏区', '吴中区', '相城区'], postalPrefix: '215', areaCode: '512', weight: 8 },
  { province: '浙江省', city: '杭州市', districts: ['西湖区', '拱墅区', '滨江区', '余杭区'], postalPrefix: '310', areaCode: '571', weight: 9 },
  { province: '浙江省', city: '宁波市', districts: ['海曙区', '鄞州区'], postalPrefix: '315', areaCode: '574', weight: 5 },
  { province: '安徽省', city: '合肥市', districts: ['蜀山区', '包河区'], postalPrefix: '230', areaCode: '551', weight: 6 },
  { province: '福建省', city: '福州市', districts: ['鼓楼区', '台江区'], postalPrefix: '350', areaCode: '591', weight: 4 },
  { province: '福建省', city: '厦门市', districts: ['思明区', '湖里区'], postalPrefix: '361', areaCode: '592', weight: 4 },
  { province: '山东省', city: '济南市', districts: ['历下区', '市中区'], postalPrefix: '250', areaCode: '531', weight: 5 },
  { province: '山东省', city: '青岛市', districts: ['市南区', '崂山区'], postalPrefix: '266', areaCode: '532', weight: 5 },
  { province: '广东省', city: '广州市', districts: ['天河区', '越秀区', '海珠区'], postalPrefix: '510', areaCode: '20', weight: 7 },
  { province: '广东省', city: '深圳市', districts: ['南山区', '福田区', '宝安区'], postalPrefix: '518', areaCode: '755', weight: 7 },
  { province: '四川省', city: '成都市', districts: ['武侯区', '锦江区', '成华区'], postalPrefix: '610', areaCode: '28', weight: 5 },
  { province: '河南省', city: '郑州市', districts: ['金水区', '二七区'], postalPrefix: '450', areaCode: '371', weight: 4 },
  { province: '湖北省', city: '武汉市', districts: ['武昌区', '江汉区', '洪山区'], postalPrefix: '430', areaCode: '27', weight: 5 },
];

export const CN_ROADS: readonly string[] = [
  '人民路', '解放路', '中山路', '建设路', '和平路', '文化路', '新华路', '长江路', '黄河路', '青年路', '学院路', '滨江路',
  '幸福路', '光明路', '南京路', '体育路',
];

/** Mainland mobile prefixes (13x, 15x, 18x). */
export const CN_MOBILE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139',
  '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '180', '181', '182', '183', '184', '185', '186', '187', '188', '189',
];

export const CN_TIME_ZONE = 'Asia/Shanghai';

export interface UsCity { city: string; zipPrefix: string; areaCodes: readonly string[] }

export interface UsState { code: string; timeZone: string; weight: number; cities: readonly UsCity[] }

// Each city sits in its state's main time zone (no El Paso, no Florida panhandle).
export const US_STATES: readonly UsState[] = [
  { code: 'NY', timeZone: 'America/New_York', weight: 14, cities: [
    { city: 'New York', zipPrefix: '100', areaCodes: ['212', '646', '917'] },
    { city: 'Brooklyn', zipPrefix: '112', areaCodes: ['718', '347'] },
    { city: 'Buffalo', zipPrefix: '142', areaCodes: ['716'] },
    { city: 'Rochester', zipPrefix: '146', areaCodes: ['585'] },
  ] },
  { code: 'CA', timeZone: 'America/Los_Angeles', weight: 16, cities: [
    { city: 'Los Angeles', zipPrefix: '900', areaCodes: ['213', '310', '323'] },
    { city: 'San Diego', zipPrefix: '921', areaCodes: ['619', '858'] },
    { city: 'San Francisco', zipPrefix: '941', areaCodes: ['415', '628'] },
    { city: 'Sacramento', zipPrefix: '958', areaCodes: ['916'] },
  ] },
  { code: 'TX', timeZone: 'America/Chicago', weight: 13, cities: [
    { city: 'Houston', zipPrefix: '770', areaCodes: ['713', '832'] },
    { city: 'Dallas', zipPrefix: '752', areaCodes: ['214', '469', '972'] },
    { city: 'Austin', zipPrefix: '787', areaCodes: ['512', '737'] },
    { city: 'San Antonio', zipPrefix: '782', areaCodes: ['210'] },
  ] },
  { code: 'FL', timeZone: 'America/New_York', weight: 12, cities: [
    { city: 'Miami', zipPrefix: '331', areaCodes: ['305', '786'] },
    { city: 'Orlando', zipPrefix: '328', areaCodes: ['407', '321'] },
    { city: 'Tampa', zipPrefix: '336', areaCodes: ['813'] },
    { city: 'Jacksonville', zipPrefix: '322', areaCodes: ['904'] },
  ] },
  { code: 'IL', timeZone: 'America/Chicago', weight: 9, cities: [
    { city: 'Chicago', zipPrefix: '606', areaCodes: ['312', '773', '872'] },
    { city: 'Naperville', zipPrefix: '605', areaCodes: ['630', '331'] },
    { city: 'Springfield', zipPrefix: '627', areaCodes: ['217'] },
  ] },
  { code: 'PA', timeZone: 'America/New_York', weight: 9, cities: [
    { city: 'Philadelphia', zipPrefix: '191', areaCodes: ['215', '267'] },
    { city: 'Pittsburgh', zipPrefix: '152', areaCodes: ['412'] },
    { city: 'Harrisburg', zipPrefix: '171', areaCodes: ['717'] },
  ] },
  { code: 'NV', timeZone: 'America/Los_Angeles', weight: 6, cities: [
    { city: 'Las Vegas', zipPrefix: '891', areaCodes: ['702', '725'] },
    { city: 'Reno', zipPrefix: '895', areaCodes: ['775'] },
  ] },
  { code: 'WA', timeZone: 'America/Los_Angeles', weight: 7, cities: [
    { city: 'Seattle', zipPrefix: '981', areaCodes: ['206'] },
    { city: 'Tacoma', zipPrefix: '984', areaCodes: ['253'] },
    { city: 'Spokane', zipPrefix: '992', areaCodes: ['509'] },
  ] },
  { code: 'AZ', timeZone: 'America/Phoenix', weight: 7, cities: [
    { city: 'Phoenix', zipPrefix: '850', areaCodes: ['602', '480', '623'] },
    { city: 'Tucson', zipPrefix: '857', areaCodes: ['520'] },
  ] },
  { code: 'CO', timeZone: 'America/Denver', weight: 7, cities: [
    { city: 'Denver', zipPrefix: '802', areaCodes: ['303', '720'] },
    { city: 'Colorado Springs', zipPrefix: '809', areaCodes: ['719'] },
  ] },
];
