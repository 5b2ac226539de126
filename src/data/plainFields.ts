/**
 * Reading fields of quote-free delimited text in place, without slicing: field boundaries, and the
 * plain numbers the ratings fast path accepts (anything else goes to the general path).
 */

/** Powers of ten that are exact doubles, for simpleDecimalAt. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** More digits than this may not be exact as an integer mantissa. */
const MAX_DIGITS = 15;

/**
 * Splits `text.slice(from, to)` at `delimiter` (as String.prototype.split does, so as Papa Parse does
 * for text without quotes): writes the bounds of the first `starts.length` fields into `starts` and
 * `ends`, and returns the number of fields.
 */
export function splitFieldsAt(text: string, from: number, to: number, delimiter: string, starts: Int32Array, ends: Int32Array): number {
  const cap = starts.length;
  let nf = 0;
  let fieldStart = from;
  if (delimiter.length === 1) {
    const d0 = delimiter.charCodeAt(0);
    for (let p = from; p < to; p++) {
      if (text.charCodeAt(p) !== d0) continue;
      if (nf < cap) {
        starts[nf] = fieldStart;
        ends[nf] = p;
      }
      nf++;
      fieldStart = p + 1;
    }
  } else {
    const dLen = delimiter.length;
    for (let p = text.indexOf(delimiter, from); p >= 0 && p + dLen <= to; p = text.indexOf(delimiter, fieldStart)) {
      if (nf < cap) {
        starts[nf] = fieldStart;
        ends[nf] = p;
      }
      nf++;
      fieldStart = p + dLen;
    }
  }
  if (nf < cap) {
    starts[nf] = fieldStart;
    ends[nf] = to;
  }
  return nf + 1;
}

/**
 * The number written `text.slice(from, to)` when it is plain: digits, then optionally a point and
 * more digits (15 digits at most: "4", "3.5", "10.", "0.25"); NaN for anything else (signs, spaces,
 * exponents, ".5"), which the caller reads the general way. Equal to Number() of the same text.
 */
export function simpleDecimalAt(text: string, from: number, to: number): number {
  let mantissa = 0;
  let digits = 0;
  let point = -1;
  for (let k = from; k < to; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
    } else if (d === -2 && point < 0 && k > from) {
      point = k;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > MAX_DIGITS) return NaN;
  // Both exact doubles, so the quotient is the correctly rounded value, as Number() gives.
  return point < 0 ? mantissa : mantissa / (POW10[to - point - 1] as number);
}

/** The integer written `text.slice(from, to)` when it is 1 to 15 digits and nothing else; NaN otherwise. */
export function digitsAt(text: string, from: number, to: number): number {
  if (to <= from || to - from > MAX_DIGITS) return NaN;
  let v = 0;
  for (let k = from; k < to; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}
