// E.164 numbers grouped the way agents read them aloud in each country.

/** Mainland China: Beijing (10) and the 2x cities have two-digit area codes, the rest three. */
function chinese(national: string): string {
  if (national.length === 11 && national.startsWith('1')) {
    return `+86 ${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
  }
  const areaLength = /^(10|2\d)/.test(national) ? 2 : 3;
  const local = national.slice(areaLength);
  return `+86 ${national.slice(0, areaLength)} ${local.slice(0, -4)} ${local.slice(-4)}`;
}

export function formatPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  if (digits.startsWith('86') && digits.length >= 11) return chinese(digits.slice(2));
  if (digits.startsWith('1') && digits.length === 11) return `+1 (${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7)}`;
  return e164;
}
