// An OpenID Connect provider configured like a municipality's own (Entra ID and similar), for
// tests: the certified oidc-provider package on loopback. Usage: node tests/staff_provider.mjs
// PORT CLIENT_ID SECRET REDIRECT_URI [START]. START (seconds since 1970) sets the provider's clock to
// the tests' pinned moment. Its login page (/interaction/<uid>) asks for an e-mail address and
// whether a second factor was used, so a test chooses whether `amr` contains `mfa`.
import { createHash } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri, start] = process.argv.slice(2);
if (start) {
  const offset = Number(start) * 1000 - Date.now();
  const realNow = Date.now;
  Date.now = () => realNow() + offset;
}
const issuer = `http://127.0.0.1:${port}`;
const emails = new Map(); // subject -> e-mail address

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: redirectUri.split(','),
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
  }],
  claims: { openid: ['sub', 'amr'], email: ['email'] }, // amr in every ID token, as Entra ID
  conformIdTokenClaims: false, // as Entra ID: the e-mail address is in the ID token
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email');
    grant.addOIDCClaims(['sub', 'email', 'amr']);
    await grant.save();
    return grant;
  },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, email: emails.get(id) }),
  }),
});

const page = (uid) => `<!doctype html><html lang="nb"><title>Kommunen logg inn</title><main>
<form method="post" action="/interaction/${uid}">
<label>E-post <input name="email" autocomplete="off"></label>
<label><input type="checkbox" name="mfa" value="1"> Kode frå appen</label>
<button type="submit">Logg inn</button></form></main></html>`;

const body = (req) => new Promise((resolve) => {
  let data = '';
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => resolve(new URLSearchParams(data)));
});

const callback = provider.callback();
http.createServer(async (req, res) => {
  if (start) {
    // The provider lives at the tests' moment, a real browser at the machine's: cookies that expire
    // at the provider's time would be gone before they are sent, so they last for the browser session.
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) => setHeader(name, name.toLowerCase() === 'set-cookie'
      ? [].concat(value).map((cookie) => cookie.replace(/; expires=[^;]*/i, ''))
      : value);
  }
  const match = req.url.match(/^\/interaction\/([\w-]+)$/);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      return res.end(page(details.uid));
    }
    const form = await body(req);
    const email = form.get('email') || '';
    const accountId = createHash('sha256').update(`${clientId}:${email}`).digest('hex').slice(0, 32);
    emails.set(accountId, email);
    const amr = form.get('mfa') ? ['pwd', 'mfa'] : ['pwd'];
    return provider.interactionFinished(req, res, {
      login: { accountId, amr },
    }, { mergeWithLastSubmission: false });
  } catch (error) {
    res.statusCode = 400;
    return res.end(String(error));
  }
}).listen(Number(port), '127.0.0.1', () => console.log(`listening ${issuer}`));
