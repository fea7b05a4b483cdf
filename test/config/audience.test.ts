import { describe, expect, it } from 'vitest';
import { audiencePatternProblem, matchesFirstPartyAudience } from '../../src/config/audience.js';
import { closestMatch, editDistance } from '../../src/config/did-you-mean.js';

describe('matchesFirstPartyAudience', () => {
  it('matches a bare host on any scheme, port and path', () => {
    const patterns = ['api.example.com'];
    expect(matchesFirstPartyAudience('https://api.example.com/v1/users', patterns)).toBe(true);
    expect(matchesFirstPartyAudience('http://API.Example.com:8080/', patterns)).toBe(true);
    expect(matchesFirstPartyAudience('https://example.com/', patterns)).toBe(false);
    expect(matchesFirstPartyAudience('https://api.example.com.evil.test/', patterns)).toBe(false);
    expect(matchesFirstPartyAudience('https://evil.test/api.example.com', patterns)).toBe(false);
  });

  it('matches a host with a port only on that port', () => {
    expect(matchesFirstPartyAudience('https://api.example.com:8443/x', ['api.example.com:8443'])).toBe(true);
    expect(matchesFirstPartyAudience('https://api.example.com/x', ['api.example.com:8443'])).toBe(false);
    expect(matchesFirstPartyAudience('https://api.example.com/x', ['api.example.com:443'])).toBe(true);
  });

  it('matches wildcard subdomains at any depth but not the apex', () => {
    const patterns = ['*.example.com'];
    expect(matchesFirstPartyAudience('https://a.example.com/', patterns)).toBe(true);
    expect(matchesFirstPartyAudience('https://a.b.example.com/', patterns)).toBe(true);
    expect(matchesFirstPartyAudience('https://example.com/', patterns)).toBe(false);
    expect(matchesFirstPartyAudience('https://badexample.com/', patterns)).toBe(false);
  });

  it('matches URL prefixes by scheme, host, port and path segment', () => {
    const patterns = ['https://api.example.com/v1/', 'https://internal.example.com/tools'];
    expect(matchesFirstPartyAudience('https://api.example.com/v1/users?id=1', patterns)).toBe(true);
    expect(matchesFirstPartyAudience('https://api.example.com/v2/users', patterns)).toBe(false);
    expect(matchesFirstPartyAudience('http://api.example.com/v1/users', patterns)).toBe(false);
    expect(matchesFirstPartyAudience('https://api.example.com:444/v1/users', patterns)).toBe(false);
    expect(matchesFirstPartyAudience('https://api.example.com/v1/../admin', patterns)).toBe(false);
    expect(matchesFirstPartyAudience('https://internal.example.com/tools', patterns)).toBe(true);
    expect(matchesFirstPartyAudience('https://internal.example.com/tools/run', patterns)).toBe(true);
    expect(matchesFirstPartyAudience('https://internal.example.com/toolshed', patterns)).toBe(false);
  });

  it('never matches userinfo tricks, relative URLs or garbage', () => {
    const patterns = ['api.example.com', 'https://api.example.com/'];
    expect(matchesFirstPartyAudience('https://api.example.com@evil.test/', patterns)).toBe(false);
    expect(matchesFirstPartyAudience('https://user:pw@api.example.com/', patterns)).toBe(false);
    expect(matchesFirstPartyAudience('/v1/users', patterns)).toBe(false);
    expect(matchesFirstPartyAudience('not a url', patterns)).toBe(false);
    expect(matchesFirstPartyAudience('https://api.example.com/', [])).toBe(false);
  });

  it('validates patterns', () => {
    for (const ok of ['api.example.com', '*.example.com', 'localhost:3000', 'https://api.example.com/v1/', 'https://*.example.com']) {
      expect(audiencePatternProblem(ok)).toBeUndefined();
    }
    for (const bad of ['https://api.example.com/?q=1', 'api.example.com/v1', 'http://', '*', 'a..b', 'https://x.com#frag']) {
      expect(audiencePatternProblem(bad)).toMatch(/is neither a host/);
    }
  });
});

describe('did-you-mean', () => {
  it('computes edit distances and picks the closest candidate within the limit', () => {
    expect(editDistance('rule', 'rules')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestMatch('inclde', ['include', 'exclude'])).toBe('include');
    expect(closestMatch('somethingElse', ['include', 'exclude'])).toBeUndefined();
  });
});
