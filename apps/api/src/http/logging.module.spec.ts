import { requestForLog } from './logging.module';

describe('requestForLog', () => {
  it('keeps the harmless headers and docket query parameters, and redacts every other value', () => {
    const logged = requestForLog({
      id: 'r-1', method: 'GET', url: '/v1/reports?limit=5&apiKey=dk_secret&cursor=abc&access_token=dk_other',
      query: { limit: '5', apiKey: 'dk_secret', cursor: 'abc', access_token: 'dk_other' },
      headers: { host: 'docket', authorization: 'Bearer dk_secret', 'x-api-key': 'dk_secret', cookie: 'k=dk_secret', 'idempotency-key': 'k-1', 'user-agent': 'curl' },
    });
    expect(logged).toEqual({
      id: 'r-1', method: 'GET', url: '/v1/reports?limit=5&apiKey=[redacted]&cursor=abc&access_token=[redacted]',
      query: { limit: '5', apiKey: '[redacted]', cursor: 'abc', access_token: '[redacted]' },
      headers: { host: 'docket', authorization: '[redacted]', 'x-api-key': '[redacted]', cookie: '[redacted]', 'idempotency-key': 'k-1', 'user-agent': 'curl' },
    });
    expect(JSON.stringify(logged)).not.toContain('dk_');
  });

  it('leaves a URL without a query alone', () => {
    expect(requestForLog({ url: '/v1/reports/0a0e', headers: {} }).url).toBe('/v1/reports/0a0e');
  });
});
