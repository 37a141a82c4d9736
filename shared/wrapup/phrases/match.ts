// Phrase matching for notes and scripts: each phrase and the text are reduced to a "skeleton"
// that ignores what people use to slip past a word filter, then searched as plain substrings
// (one indexOf pass per phrase: linear in the text per phrase, no pairwise work over the list).
//
// The skeleton: Unicode NFKC (full-width ＡＢＣ１２３ and the ideographic space become ASCII),
// lower case, apostrophes and invisible format characters (zero-width space, joiners) dropped,
// every run of spaces and punctuation reduced to one space between Latin words and removed
// entirely where either side is Chinese (or Japanese/Korean) script, so 你 会 坐 牢, 你.会.坐.牢
// and 你会坐牢 read the same; runs of three or more single Latin letters are joined
// ("a r r e s t" → "arrest"). A phrase starting or ending with a Latin letter or digit only
// matches at a word boundary (“liar” is not found in “familiar”).

export interface Skeleton {
  text: string;
  /** For each skeleton character, the original text's [start, end) it came from. */
  starts: number[];
  ends: number[];
  /**
   * Positions where the original had a separator that the skeleton dropped (inside a
   * spelled-out word): a word boundary may fall there.
   */
  softBreaks: Set<number>;
}

type Kind = 'latin' | 'cjk';

interface Token {
  kind: Kind;
  chars: string[];
  starts: number[];
  ends: number[];
  /** Per UTF-16 unit: the original had a separator just before it (spelled-out runs). */
  soft?: boolean[];
}

const WORD = /[\p{L}\p{N}\p{M}]/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const DROP = /[\p{Cf}'’‘`´ʼ]/u;

export function skeleton(source: string): Skeleton {
  const tokens: Token[] = [];
  let current: Token | null = null;
  for (let i = 0; i < source.length; ) {
    const cp = source.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const original = source.slice(i, i + width);
    const normalized = original.normalize('NFKC').toLowerCase();
    for (const ch of normalized) {
      if (DROP.test(ch)) continue;
      if (!WORD.test(ch)) {
        current = null; // a separator ends the token
        continue;
      }
      const kind: Kind = CJK.test(ch) ? 'cjk' : 'latin';
      // Each CJK character stands alone: words are not space-delimited there.
      if (!current || current.kind !== kind || kind === 'cjk') {
        current = { kind, chars: [], starts: [], ends: [] };
        tokens.push(current);
      }
      current.chars.push(ch);
      // One entry per UTF-16 unit, so skeleton indices and these arrays stay aligned.
      for (let k = 0; k < ch.length; k++) {
        current.starts.push(i);
        current.ends.push(i + width);
      }
    }
    i += width;
  }
  const merged = joinSpelledOut(tokens);
  const out: Skeleton = { text: '', starts: [], ends: [], softBreaks: new Set() };
  const parts: string[] = [];
  let previous: Token | null = null;
  for (const token of merged) {
    if (previous && previous.kind === 'latin' && token.kind === 'latin') {
      parts.push(' ');
      out.starts.push(previous.ends[previous.ends.length - 1]!);
      out.ends.push(token.starts[0]!);
    }
    token.soft?.forEach((soft, k) => soft && out.softBreaks.add(out.starts.length + k));
    parts.push(...token.chars);
    out.starts.push(...token.starts);
    out.ends.push(...token.ends);
    previous = token;
  }
  out.text = parts.join('');
  return out;
}

/** Three or more one-letter Latin tokens in a row become one word: "a r r e s t" → "arrest". */
function joinSpelledOut(tokens: Token[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    while (j < tokens.length && tokens[j]!.kind === 'latin' && tokens[j]!.chars.length === 1) j++;
    if (j - i >= 3) {
      const run = tokens.slice(i, j);
      out.push({
        kind: 'latin',
        chars: run.flatMap((t) => t.chars),
        starts: run.flatMap((t) => t.starts),
        ends: run.flatMap((t) => t.ends),
        soft: run.flatMap((t, k) => t.starts.map((_, u) => k > 0 && u === 0)),
      });
      i = j;
    } else {
      out.push(tokens[i]!);
      i++;
    }
  }
  return out;
}

const LATIN_EDGE = /[\p{L}\p{N}]/u;

export interface CompiledPhrase {
  skeleton: string;
  /** Needs a word boundary before / after (the phrase starts / ends with a Latin letter or digit). */
  boundaryStart: boolean;
  boundaryEnd: boolean;
}

export function compilePhrase(phrase: string): CompiledPhrase | null {
  const s = skeleton(phrase).text;
  if (s === '') return null;
  const first = s[0]!;
  const last = s[s.length - 1]!;
  return {
    skeleton: s,
    boundaryStart: LATIN_EDGE.test(first) && !CJK.test(first),
    boundaryEnd: LATIN_EDGE.test(last) && !CJK.test(last),
  };
}

function isLatinWordChar(ch: string | undefined): boolean {
  return ch !== undefined && LATIN_EDGE.test(ch) && !CJK.test(ch);
}

/** Every [start, end) of the phrase in the skeleton (skeleton indices). */
export function findAll(s: Pick<Skeleton, 'text' | 'softBreaks'>, phrase: CompiledPhrase): [number, number][] {
  const found: [number, number][] = [];
  const { text } = s;
  const p = phrase.skeleton;
  for (let at = text.indexOf(p); at !== -1; at = text.indexOf(p, at + 1)) {
    const end = at + p.length;
    if (phrase.boundaryStart && isLatinWordChar(text[at - 1]) && !s.softBreaks.has(at)) continue;
    if (phrase.boundaryEnd && isLatinWordChar(text[end]) && !s.softBreaks.has(end)) continue;
    found.push([at, end]);
  }
  return found;
}
