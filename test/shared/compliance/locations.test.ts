// Possible locations from real data: ZIP and area-code tables, state zones, stated zones.
import { describe, expect, it } from 'vitest';
import { addressLocations, phoneLocations, usStateCode, usZipZone } from '../../../shared/compliance/locations';

const zones = (ls: { zone: string }[]) => [...new Set(ls.map((l) => l.zone))].sort();
const regions = (ls: { region: string | null }[]) => [...new Set(ls.map((l) => l.region))].sort();

describe('locations', () => {
  it('ZIP → zone', () => {
    expect(usZipZone('10001')).toBe('America/New_York');
    expect(usZipZone('94103-1234')).toBe('America/Los_Angeles');
    expect(usZipZone('89101')).toBe('America/Los_Angeles');
    expect(usZipZone('96813')).toBe('Pacific/Honolulu');
    expect(usZipZone('85004')).toBe('America/Phoenix');
    expect(usZipZone('ABCDE')).toBeNull();
  });

  it('area code → zone and state (Google libphonenumber data)', () => {
    expect(phoneLocations({ number: '+12125550123' }, 'US')).toEqual([{ zone: 'America/New_York', region: 'US-NY', via: 'phone +12125550123' }]);
    expect(zones(phoneLocations({ number: '+13105550123' }, 'US'))).toEqual(['America/Los_Angeles']);
    expect(zones(phoneLocations({ number: '+19075550123' }, 'US'))).toEqual(['America/Adak', 'America/Anchorage']);
    expect(regions(phoneLocations({ number: '+17025550123' }, 'US'))).toEqual(['US-NV']);
  });

  it('a stated phone zone replaces the area-code guess for that phone', () => {
    expect(zones(phoneLocations({ number: '+12125550123', timeZone: 'America/Chicago' }, 'US'))).toEqual(['America/Chicago']);
  });

  it('state without ZIP → every zone of the state', () => {
    expect(zones(addressLocations({ country: 'US', region: 'Florida' }))).toEqual(['America/Chicago', 'America/New_York']);
    expect(zones(addressLocations({ country: 'US', region: 'US-TX' }))).toEqual(['America/Chicago', 'America/Denver']);
  });

  it('nothing known → every state and zone of the country; China → Beijing time', () => {
    const us = addressLocations({ country: 'US' });
    expect(zones(us)).toEqual(expect.arrayContaining(['America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu', 'America/Adak']));
    expect(regions(us)).toHaveLength(51);
    expect(addressLocations({ country: 'CN' })).toEqual([{ zone: 'Asia/Shanghai', region: null, via: 'address' }]);
    expect(zones(phoneLocations({ number: '+8613800138000' }, 'CN'))).toEqual(['Asia/Shanghai']);
  });

  it('state codes and names', () => {
    expect(usStateCode('nv')).toBe('NV');
    expect(usStateCode('US-PA')).toBe('PA');
    expect(usStateCode('New York')).toBe('NY');
    expect(usStateCode('Ontario')).toBeNull();
  });
});
