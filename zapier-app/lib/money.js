// @ts-check
'use strict';

/**
 * An amount in minor units as people read it: 2500 EUR → "€25.00", 500 JPY → "¥500".
 * @param {number} minor
 * @param {string} currency ISO 4217 code
 */
const formatMoney = (minor, currency) => {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
};

module.exports = { formatMoney };
