// The SIP account and how the softphone talks to the PBX: every field checked here, so the core
// refuses what the softphone could not use (an ICE server without its scheme, a TURN server
// without credentials, a proxy that is no SIP URI). New fields have defaults, so settings saved
// by an older console still read.
import { z } from 'zod';

const NO_CONTROL = /^[^\p{Cc}]*$/u;

/** ws:// or wss:// with a host; '' means no softphone (calls go through the desk phone). */
export const SipServerUrl = z.string().max(500).refine((v) => v === '' || /^wss?:\/\/[^\s/?#]+(\/[^\s]*)?$/i.test(v), { message: 'Not a ws:// or wss:// URL' });
/** sip:user@domain (or sips:). */
export const SipAddress = z.string().max(300).refine((v) => v === '' || /^sips?:[^\s@:;]+@[A-Za-z0-9.\-[\]:]+$/i.test(v), { message: 'Not a SIP address (sip:user@domain)' });
/** A SIP URI to route through (the scheme may be left out): sip:edge.example.com:5060;transport=tcp. */
export const SipProxy = z.string().max(300).refine((v) => v === '' || /^(sips?:)?[A-Za-z0-9.\-[\]]+(:\d{1,5})?(;[A-Za-z0-9=_.\-]+)*$/i.test(v), { message: 'Not a SIP URI (sip:host[:port])' });

/** stun:host[:port], turn:host[:port][?transport=udp|tcp] or turns:…; TURN needs a username and a credential. */
export const IceServer = z.preprocess(
  (v) => (typeof v === 'string' ? { urls: v } : v),
  z.object({
    urls: z.string().max(300).regex(/^(stun|stuns|turn|turns):[A-Za-z0-9.\-[\]]+(:\d{1,5})?(\?transport=(udp|tcp))?$/i, { message: 'Not a STUN or TURN URL' }),
    username: z.string().max(200).regex(NO_CONTROL).default(''),
    credential: z.string().max(200).regex(NO_CONTROL).default(''),
  }).strict().refine((s) => !/^turns?:/i.test(s.urls) || (s.username !== '' && s.credential !== ''), {
    message: 'A TURN server needs a username and a credential', path: ['username'],
  }),
);
export type IceServer = z.infer<typeof IceServer>;

/** How a number is put on the wire (docs/lab.md "Dial plan"). */
export const DialPlan = z.object({
  /** Digits dialled before every outside number (an outside line: 0 or 9). */
  outboundPrefix: z.string().max(10).regex(/^[0-9*#]*$/, { message: 'Digits, * and # only' }).default(''),
  /** e164: +8613900000100; national: 13900000100 in the home country, the international prefix elsewhere. */
  format: z.enum(['e164', 'national']).default('e164'),
  /** The PBX's country, for the national format. */
  homeCountry: z.enum(['CN', 'US']).default('CN'),
  /** ;user=phone on the request URI (RFC 3261 19.1.1): the user part is a telephone number. */
  userPhone: z.boolean().default(false),
  /** Numbers this short or shorter are colleagues' extensions: dialled as they are, no prefix. */
  extensionMaxDigits: z.number().int().min(0).max(8).default(6),
}).strict();
export type DialPlan = z.infer<typeof DialPlan>;
export const DEFAULT_DIAL_PLAN: DialPlan = { outboundPrefix: '', format: 'e164', homeCountry: 'CN', userPhone: false, extensionMaxDigits: 6 };

const fields = {
  server: SipServerUrl, // ws:// or wss:// URL of the SIP-over-WebSocket server
  uri: SipAddress, // sip:agent@domain
  authUser: z.string().max(100).regex(/^[^\s]*$/, { message: 'No spaces' }),
  password: z.string().max(200),
  displayName: z.string().max(100).regex(NO_CONTROL),
  outboundProxy: SipProxy,
  registerExpires: z.number().int().min(60).max(86_400),
  iceServers: z.array(IceServer).max(10),
  /** Media only through the TURN server (ICE relay policy): for networks that allow nothing else. */
  iceRelayOnly: z.boolean(),
  dialPlan: DialPlan,
  /** The organisation's ring timeout: an outbound call not answered by then ends as no answer. */
  ringTimeoutSec: z.number().int().min(5).max(300),
  /** A second inbound call while one is live: rings as call waiting, or is refused 486 Busy Here. */
  whenBusy: z.enum(['call_waiting', 'busy']),
  /** What Reject answers: 486 Busy Here or 603 Decline. */
  rejectCode: z.union([z.literal(486), z.literal(603)]),
};

export const SipSettings = z.object({
  ...fields,
  dialPlan: DialPlan.default(DEFAULT_DIAL_PLAN),
  iceRelayOnly: fields.iceRelayOnly.default(false),
  ringTimeoutSec: fields.ringTimeoutSec.default(30),
  whenBusy: fields.whenBusy.default('call_waiting'),
  rejectCode: fields.rejectCode.default(486),
});
export type SipSettings = z.infer<typeof SipSettings>;

/** A change to the account: only the fields sent (no defaults filled in). */
export const SipSettingsPatch = z.object(fields).partial();
