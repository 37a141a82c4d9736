// The generated Kamailio config follows the recipe (TOOLCHAIN.md) and Kamailio accepts it;
// the SDP filter keeps only loopback candidates.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepCandidates } from '../../lab/debtor/loopback';
import { renderKamailioConfig } from '../../lab/kamailio-config';
import { DEBTORS } from '../../lab/lab';
import { KAMAILIO, kamailioModulesDir } from '../../lab/requirements';

const options = {
  port: 5099, domain: 'lab.fairline.test', auth: true, debug: 1, modulesDir: kamailioModulesDir() ?? '/nonexistent',
  accounts: [{ user: 'agent1', password: 'lab-agent1' }, { user: '+12025550100', password: 'abc123' }],
};

describe('Kamailio config', () => {
  const config = renderKamailioConfig(options);

  it('listens on loopback only, with the port in the alias', () => {
    expect(config).toContain('listen=tcp:127.0.0.1:5099');
    expect(config).toContain('alias="127.0.0.1:5099"');
    expect(config).not.toMatch(/alias="127\.0\.0\.1"/);
    expect(config).toContain('tcp_accept_no_cl=yes');
  });

  it('handles WebSocket clients the way sip.js needs', () => {
    for (const piece of ['ws_handle_handshake()', 'fix_nated_register()', 'add_contact_alias()', 'handle_ruri_alias()', 'record_route()', 'lookup("location")']) {
      expect(config).toContain(piece);
    }
    // sip.js drops responses whose top Via it did not write.
    expect(config).not.toMatch(/force_rport|set_via|remove_hf\("Via"\)/);
  });

  it('carries the accounts, and refuses values that would break the config', () => {
    expect(config).toContain('case "+12025550100":');
    expect(() => renderKamailioConfig({ ...options, accounts: [{ user: 'a"b', password: 'x' }] })).toThrow();
  });

  it('is accepted by kamailio -c', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-lab-cfg-'));
    try {
      const file = join(dir, 'kamailio.cfg');
      writeFileSync(file, config);
      const out = execFileSync(KAMAILIO, ['-c', '-f', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(out).toContain('Listening on');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with plain SIP peers: a UDP listener, rtpengine bridging WebSocket and plain calls, static routes; accepted by kamailio -c', () => {
    const plain = renderKamailioConfig({ ...options, plain: { udpPort: 5098, rtpengineNgPort: 22222, statics: [{ user: '+8613900000401', address: '127.0.0.1:5071' }] } });
    expect(plain).toContain('listen=udp:127.0.0.1:5098');
    expect(plain).toContain('modparam("rtpengine", "rtpengine_sock", "udp:127.0.0.1:22222")');
    expect(plain).toContain('add_rr_param(";rtp=bridge")');
    expect(plain).toContain('case "+8613900000401":\n\t\t\t$du = "sip:127.0.0.1:5071";');
    expect(() => renderKamailioConfig({ ...options, plain: { udpPort: 5098, rtpengineNgPort: 1, statics: [{ user: 'x', address: '10.0.0.1:5060' }] } })).toThrow();
    // Without peers, no rtpengine at all: browser to browser stays direct.
    expect(config).not.toMatch(/loadmodule "rtpengine\.so"|\trtpengine_manage\("/);
    const dir = mkdtempSync(join(tmpdir(), 'fairline-lab-cfg-'));
    try {
      const file = join(dir, 'kamailio.cfg');
      writeFileSync(file, plain);
      const out = execFileSync(KAMAILIO, ['-c', '-f', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(out).toContain('Listening on');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('numbers', () => {
  it('are unique E.164 numbers whose last two digits name the behaviour', () => {
    const numbers = DEBTORS.map((d) => d.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    const byEnding = { '00': 'answer', '01': 'busy', '02': 'no-answer', '03': 'not-in-service', '04': 'voicemail', '05': 'answer', '06': 'live' };
    for (const d of DEBTORS) {
      expect(d.number).toMatch(/^\+[1-9]\d{9,14}$/);
      expect(d.behaviour).toBe(byEnding[d.number.slice(-2) as keyof typeof byEnding]);
    }
  });
});

describe('ICE candidate filter', () => {
  it('keeps the allowed addresses and drops the rest', () => {
    const sdp = [
      'v=0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'a=candidate:1 1 udp 2122260223 192.0.2.2 40000 typ host generation 0',
      'a=candidate:2 1 udp 2122194687 127.0.0.1 40001 typ host generation 0',
      'a=candidate:3 1 udp 2122129151 fd00::2 40002 typ host generation 0',
      'a=end-of-candidates', '',
    ].join('\r\n');
    const kept = keepCandidates(sdp, new Set(['127.0.0.1']));
    expect(kept).toContain('127.0.0.1 40001');
    expect(kept).not.toContain('192.0.2.2');
    expect(kept).not.toContain('fd00::2');
    expect(kept).toContain('a=end-of-candidates');
    expect(keepCandidates(sdp, new Set(['127.0.0.1', '192.0.2.2']))).toContain('192.0.2.2 40000');
  });
});
