// The second test OpenID provider: panva's oidc-provider (OpenID Certified), for the sign-in
// tests only. Started by tests/oidc_provider/certified/server.py on a free port; configured by the
// environment:
//   OP_PORT, OP_CLIENT_ID, OP_CLIENT_SECRET, OP_REDIRECT_URIS (newline-separated),
//   OP_ACCOUNTS (JSON: {login: {claims}})
// Test controls (this process serves the tests only):
//   PUT /__test__/accounts/<login>  body: JSON claims  (what the provider says of a person)
//   PUT /__test__/tamper            body: {"mode": ""|"wrong-iss"|"bad-signature"|
//                                          "alg-none"|"expired"|"wrong-aud"}
// A tamper mode rewrites the next ID tokens the token endpoint answers with, as a hostile
// or broken provider would.
import * as crypto from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.OP_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = new Map(Object.entries(JSON.parse(process.env.OP_ACCOUNTS || '{}')));
let tamper = '';

function jwkOf(keyObject, kid) {
  return { ...keyObject.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
}
const signingKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const otherKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const KID = 'test-signing-key';

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const unb64 = (part) => JSON.parse(Buffer.from(part, 'base64url').toString());

function sign(header, payload, key) {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = crypto.sign('sha256', Buffer.from(input), key).toString('base64url');
  return `${input}.${signature}`;
}

function tampered(idToken, mode) {
  const [headerPart, payloadPart] = idToken.split('.');
  const header = unb64(headerPart);
  const payload = unb64(payloadPart);
  const now = Math.floor(Date.now() / 1000);
  switch (mode) {
    case 'wrong-iss':
      return sign(header, { ...payload, iss: 'http://127.0.0.1:9/elsewhere' }, signingKey);
    case 'wrong-aud':
      return sign(header, { ...payload, aud: 'another-client' }, signingKey);
    case 'expired':
      return sign(header, { ...payload, iat: now - 1200, exp: now - 600 }, signingKey);
    case 'bad-signature':
      return sign(header, payload, otherKey); // same kid, another key
    case 'alg-none':
      return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    default:
      return idToken;
  }
}

const configuration = {
  clients: [{
    client_id: process.env.OP_CLIENT_ID,
    client_secret: process.env.OP_CLIENT_SECRET,
    redirect_uris: (process.env.OP_REDIRECT_URIS || '').split('\n').filter(Boolean),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [{ ...signingKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256' }] },
  cookies: { keys: ['test-provider-only-not-a-secret'] },
  claims: {
    openid: ['sub', 'tid', 'oid'], // Entra ID's tenant and object ids, when a test sets them
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  pkce: { required: () => true }, // every authorization request must carry PKCE
  features: { devInteractions: { enabled: true } }, // a plain login form: any login, no password
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { ...(accounts.get(id) || {}), sub: id };
      },
    };
  },
  async loadExistingGrant(ctx) { // a first-party client: no consent screen
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const grant = await ctx.oidc.provider.Grant.find(grantId);
      if (grant) return grant;
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
};

const provider = new Provider(issuer, configuration);

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}');
}

provider.use(async (ctx, next) => {
  if (ctx.method === 'PUT' && ctx.path.startsWith('/__test__/')) {
    const body = await readJson(ctx.req);
    if (ctx.path === '/__test__/tamper') {
      tamper = body.mode || '';
    } else if (ctx.path.startsWith('/__test__/accounts/')) {
      accounts.set(decodeURIComponent(ctx.path.slice('/__test__/accounts/'.length)), body);
    } else {
      ctx.throw(404);
    }
    ctx.body = { ok: true };
    return;
  }
  await next();
  if (ctx.path === '/token' && ctx.body && typeof ctx.body === 'object' && ctx.body.id_token && tamper) {
    ctx.body = { ...ctx.body, id_token: tampered(ctx.body.id_token, tamper) };
  }
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
