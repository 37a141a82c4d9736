// Collection letters as PDF (docs/messaging.md "Letters"): the Regulation F validation notice with
// model form B-1's fields (12 CFR 1006.34, appendix B) in English and Spanish, and a Chinese overdue
// collection notice (逾期催收通知书).
//
// Why pdfkit: it is the long-kept PDF writer for Node (since 2011, releases through 2025), lays text
// out itself (wrapping, line gaps, columns), and embeds OpenType fonts through fontkit as subsets,
// including CFF-flavoured CJK fonts inside a .ttc collection such as Debian's Noto Sans CJK, with a
// ToUnicode map so the words can be searched, copied and read back. pdf-lib with @pdf-lib/fontkit
// cannot open a .ttc collection and its subsetting of CFF CJK fonts is known to garble glyphs.
// English and Spanish use the standard Helvetica (WinAnsi covers á é í ó ú ñ ¿ ¡), so those letters
// need no font file at all.
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

/** A CJK font Debian ships (fonts-noto-cjk, else fonts-wqy-zenhei) and its name inside the collection. */
const CJK_FONTS: readonly { file: string; family: string }[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
];

/** The CJK font for Chinese letters: FAIRLINE_CJK_FONT (a .ttf/.otf, or `file.ttc#Family`), else the first Debian font found. */
export function cjkFont(env: NodeJS.ProcessEnv = process.env): { file: string; family?: string } {
  const wanted = env.FAIRLINE_CJK_FONT;
  if (wanted) {
    const [file, family] = wanted.split('#') as [string, string | undefined];
    if (!existsSync(file)) throw new Error(`FAIRLINE_CJK_FONT names ${file}, which does not exist`);
    return family ? { file, family } : { file };
  }
  const found = CJK_FONTS.find((f) => existsSync(f.file));
  if (!found) throw new Error('Chinese letters need a CJK font: install fonts-noto-cjk (or fonts-wqy-zenhei), or set FAIRLINE_CJK_FONT');
  return found;
}

/** Writes a document with pdfkit and returns its bytes. Creation date fixed, so the same letter gives the same bytes' content. */
export function writePdf(meta: { title: string; author: string; lang: string; createdAt: Date }, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'LETTER', margins: { top: 54, bottom: 54, left: 60, right: 60 }, lang: meta.lang, displayTitle: true,
      info: { Title: meta.title, Author: meta.author, CreationDate: meta.createdAt, ModDate: meta.createdAt },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc);
      doc.end();
    } catch (err) {
      reject(err as Error);
    }
  });
}
