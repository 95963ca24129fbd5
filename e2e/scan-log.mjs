// Fails when a log contains a mainland ID number with a valid GB 11643 check
// digit (SECURITY.md: no personal data in logs).
import { readFileSync } from 'node:fs';

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checks = '10X98765432';

export function validIdNumber(s) {
  const sum = [...s.slice(0, 17)].reduce((acc, c, i) => acc + Number(c) * weights[i], 0);
  return checks[sum % 11] === s[17].toUpperCase();
}

const text = readFileSync(process.argv[2], 'utf8');
const found = (text.match(/\d{17}[\dXx]/g) || []).filter(validIdNumber);
if (found.length > 0) {
  console.error(`server log contains ${found.length} ID number(s) with a valid check digit`);
  process.exit(1);
}
console.log('server log: no ID numbers found');
