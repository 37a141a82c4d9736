// `npm run lab`: starts the call lab for a developer, prints what to put in the console's
// softphone settings, takes a few commands on stdin (make a debtor call an agent, send
// DTMF…) and stops everything on Ctrl-C or SIGTERM.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { type Lab, startLab } from './lab';
import { type MessagingLab, startMessagingLab } from './messaging/messaging-lab';
import { isPortFree } from './ports';

const PREFERRED_PORT = 5066;

const HELP = `Usage: npm run lab [-- options]
  --port N         SIP WebSocket port (default ${PREFERRED_PORT} if free, else any free port; 0: any)
  --domain NAME    SIP domain and realm (default lab.fairline.test)
  --debtors LIST   comma-separated numbers to start (default: all)
  --no-auth        accept REGISTER and INVITE without digest authentication
  --no-messaging   do not start the simulated SMSC (SMPP) and mail sink (SMTP)
  --debug          print Kamailio's and the pages' logs (also LAB_DEBUG=1)
  --help`;

const COMMANDS = `Commands (type them here):
  call DEBTOR AGENT     the debtor calls the agent, e.g. "call +12025550100 agent1"
  hangup DEBTOR         the debtor hangs up its current call
  dtmf DEBTOR DIGITS    the debtor sends RFC 4733 DTMF in its current call ("info" as a 4th word: SIP INFO)
  calls DEBTOR          what the debtor saw: calls, timings, DTMF received
  stats DEBTOR          getStats of the debtor's current call and the tone it hears
  texts                 the texts the SMSC was given (their receipts follow by themselves)
  sms NUMBER TEXT…      a text from that phone to the server, e.g. "sms +8613900000100 退订"
  mails                 the mails the SMTP sink was given, numbered
  bounce N | reply N TEXT…  the Nth mail bounces, or its reader answers (to the server's inbox)
  help | quit`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      domain: { type: 'string' },
      debtors: { type: 'string' },
      'no-auth': { type: 'boolean', default: false },
      'no-messaging': { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = values.port !== undefined ? Number(values.port) : (await isPortFree(PREFERRED_PORT) ? PREFERRED_PORT : 0);
  const started = Date.now();
  console.log('lab: starting Kamailio and the simulated debtors…');
  const lab = await startLab({
    port,
    domain: values.domain,
    debtors: values.debtors?.split(',').map((n) => n.trim()).filter(Boolean),
    auth: !values['no-auth'],
    debug: values.debug || undefined,
  });

  const messaging = values['no-messaging'] ? null : await startMessagingLab();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      console.log(`lab: ${signal} again, exiting at once`);
      process.exit(1); // the supervisor's exit hook still kills Kamailio
    }
    stopping = true;
    console.log(`\nlab: ${signal}: stopping…`);
    void Promise.all([lab.stop(), messaging?.stop()]).then(() => {
      console.log('lab: stopped (Kamailio, browsers and temp files are gone)');
      process.exit(0);
    }, (error: unknown) => {
      console.error('lab: stop failed:', error);
      process.exit(1);
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));

  printSummary(lab, messaging, Date.now() - started);
  commands(lab, messaging, () => shutdown('quit'));
}

function printSummary(lab: Lab, messaging: MessagingLab | null, ms: number): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  const lines = [
    '',
    `Fairline call lab is running (started in ${(ms / 1000).toFixed(1)} s).`,
    '',
    'Softphone settings for the console (Settings → SIP account):',
    `  SIP WebSocket URL    ${lab.wsUrl}`,
    `  Domain / realm       ${lab.domain}`,
    '  Outbound proxy       (leave empty)',
    '  Registration expiry  600 (anything from 10 to 3600)',
    '  ICE servers          (none: everything stays on 127.0.0.1)',
    '  Agent accounts       username / password',
    ...lab.agents.map((a) => `                       ${pad(a.user, 8)} / ${a.password}    sip:${a.user}@${lab.domain}`),
    '',
    'Debtors (dial the number; the last two digits say what happens):',
    ...lab.debtors.map((d) => `  ${pad(d.number, 16)} ${d.description}`),
    '',
    ...(messaging ? [
      'Texts and emails: start the console (or the server) with these, e.g.',
      `  ${Object.entries(messaging.env).map(([k, v]) => `${k}=${v}`).join(' ')} npm start`,
      '',
    ] : []),
    COMMANDS,
    '',
    `Stop with Ctrl-C, or: kill -TERM ${process.pid}`,
    '',
  ];
  console.log(lines.join('\n'));
}

function commands(lab: Lab, messaging: MessagingLab | null, quit: () => void): void {
  const rl = createInterface({ input: process.stdin, terminal: false });
  rl.on('line', (line) => void run(line.trim().split(/\s+/)).catch((error: unknown) => console.log(`lab: ${String(error)}`)));
  // stdin may be /dev/null (a background run): that is not a request to stop.
  async function run(words: string[]): Promise<void> {
    const [command, number, arg, extra] = words;
    if (!command) return;
    if (command === 'help') return void console.log(COMMANDS);
    if (command === 'quit' || command === 'exit') return quit();
    if (['texts', 'sms', 'mails', 'bounce', 'reply'].includes(command)) return messagingCommand(messaging, words);
    if (!['call', 'hangup', 'dtmf', 'calls', 'stats'].includes(command)) return void console.log(`lab: unknown command ${command}; type help`);
    if (!number) return void console.log('lab: which debtor? e.g. +12025550100');
    const debtor = lab.debtor(number);
    if (command === 'call') {
      const id = await debtor.callAgent(arg ?? lab.agents[0]!.user);
      console.log(`lab: ${number} is calling ${arg ?? lab.agents[0]!.user} (call ${id})`);
    } else if (command === 'hangup') {
      await debtor.hangup();
      console.log(`lab: ${number} hung up`);
    } else if (command === 'dtmf') {
      await debtor.sendDtmf(arg ?? '', extra === 'info' ? 'info' : 'rfc4733');
      console.log(`lab: ${number} sent ${arg}`);
    } else if (command === 'calls') {
      console.log(JSON.stringify(await debtor.calls(), null, 2));
    } else {
      console.log(JSON.stringify({ stats: await debtor.stats(), hears: await debtor.toneNow() }, null, 2));
    }
  }
}

async function messagingCommand(messaging: MessagingLab | null, [command, first, ...rest]: string[]): Promise<void> {
  if (!messaging) return void console.log('lab: started with --no-messaging');
  const { smsc, sink, inboxPort } = messaging;
  if (command === 'texts') return void console.log(smsc.submitted.map((m, i) => `${i + 1}. to ${m.to}: ${m.text}`).join('\n') || 'lab: no texts yet');
  if (command === 'mails') return void console.log(sink.mails.map((m, i) => `${i + 1}. to ${m.to.join(', ')}: ${subjectOf(m.raw)}`).join('\n') || 'lab: no mails yet');
  if (command === 'sms') {
    if (!first || rest.length === 0) return void console.log('lab: sms NUMBER TEXT, e.g. sms +8613900000100 退订');
    smsc.reply(first, rest.join(' '));
    return void console.log(`lab: ${first} texted "${rest.join(' ')}"`);
  }
  const mail = sink.mails[Number(first) - 1];
  if (!mail) return void console.log(`lab: no mail number ${first ?? ''}; type mails`);
  if (command === 'bounce') await sink.bounceLater(mail, inboxPort);
  else await sink.reply(mail, inboxPort, rest.join(' ') || 'STOP');
  console.log(`lab: mail ${first} ${command === 'bounce' ? 'bounced' : 'answered'} (to the server's inbox on port ${inboxPort})`);
}

function subjectOf(raw: string): string {
  return /^Subject:\s*(.*)$/im.exec(raw.split(/\r?\n\r?\n/)[0] ?? '')?.[1] ?? '(no subject)';
}

main().catch((error: unknown) => {
  console.error(`lab: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
