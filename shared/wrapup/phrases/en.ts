// English phrases a collector must never say or write (FDCPA 15 U.S.C. 1692d harassment and
// abuse, 1692e false or misleading representations, 1692f unfair practices; 12 CFR 1006.14,
// 1006.18, 1006.22). Matching ignores case, width, spacing and apostrophes (match.ts), so one
// spelling covers "You'll", "YOU LL" and "ｙｏｕ'ｌｌ".
import type { PhraseEntry, PhraseList } from './index';

const threat = (...phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, category: 'threat' }));
const insult = (...phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, category: 'insult' }));
const legal = (...phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, category: 'false_legal_claim' }));
const impersonation = (...phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, category: 'impersonation' }));
const shaming = (...phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, category: 'shaming' }));
const payment = (...phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, category: 'improper_payment' }));

export const EN_PHRASES: PhraseList = {
  language: 'en',
  entries: [
    // 1692d(1): violence or other criminal means; 1692e(4)/(5): action not intended or not lawful.
    ...threat(
      'we will arrest you',
      'you will be arrested',
      'you will go to jail',
      'you are going to jail',
      'put you in jail',
      'send you to prison',
      'we know where you live',
      'we know where your kids go to school',
      'you will regret this',
      'you better watch your back',
      'we will come to your house',
      'we will show up at your work',
      'we will take your house',
      'we will take your car',
      'take your kids',
      'you will lose your job',
      'we will get you fired',
      'hurt you',
      'you will be deported',
      'last chance before we come after you',
    ),
    // 1692d(2): obscene or profane language, language that abuses the hearer.
    ...insult(
      'deadbeat',
      'idiot',
      'stupid',
      'liar',
      'loser',
      'scumbag',
      'worthless',
      'pathetic',
      'moron',
      'lowlife',
      'shameless',
      'thief',
      'piece of trash',
      'shut up',
    ),
    // 1692e(2), (4), (5), (7): false legal status, consequences, criminal accusations.
    ...legal(
      'warrant for your arrest',
      'arrest warrant',
      'criminal charges',
      'press charges',
      'it is a crime not to pay',
      'you committed fraud',
      'we are suing you today',
      'a lawsuit has been filed',
      'we will garnish your wages',
      'your wages will be garnished',
      'we will freeze your bank account',
      'your credit will be ruined forever',
      'your license will be suspended',
      'we will take your social security',
      'your passport will be revoked',
    ),
    // 1692e(1), (3), (9), (14): government affiliation, attorney, court documents, false names.
    ...impersonation(
      'this is the police',
      'i am a police officer',
      'from the sheriff',
      'sheriffs office',
      'officer of the court',
      'calling from the court',
      'from the district attorney',
      'calling from the irs',
      'federal agent',
      'government agency',
      'i am an attorney',
      'this is your final court notice',
      'process server',
    ),
    // 1692c(b), 1692d(3): disclosure to third parties, publishing lists of debtors.
    ...shaming(
      'tell your employer',
      'tell your boss',
      'call your neighbors',
      'tell your family you owe',
      'post it online',
      'everyone will know',
      'list of deadbeats',
    ),
    // 1692f(1): amounts not authorised; payments only through the creditor's channels.
    ...payment(
      'pay to my personal account',
      'send it to my own account',
      'pay me directly',
      'gift card',
      'processing fee',
      'extra fee for calling',
    ),
  ],
};
