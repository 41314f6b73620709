// An OpenID Connect provider configured like ID-porten, for tests: the certified oidc-provider
// package on loopback. Usage: node tests/idporten_provider.mjs PORT CLIENT_ID SECRET REDIRECT_URI
// POST_LOGOUT_URI [START]. START (seconds since 1970) sets the provider's clock to the tests' pinned
// moment, from where it ticks on. Its login page (/interaction/<uid>) asks for an identity number and the level to
// log in at, so a test chooses `idporten-loa-substantial` or `idporten-loa-high`.
import { createHash } from 'node:crypto';
import http from 'node:http';
import Provider, { interactionPolicy } from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri, postLogoutUri, start] = process.argv.slice(2);
if (start) {
  const offset = Number(start) * 1000 - Date.now();
  const realNow = Date.now;
  Date.now = () => realNow() + offset;
}
const issuer = `http://127.0.0.1:${port}`;
const levels = ['idporten-loa-substantial', 'idporten-loa-high'];
const pids = new Map(); // subject -> identity number

// As ID-porten does: a login at a lower level than the one asked for is asked for again.
const policy = interactionPolicy.base();
policy.get('login').checks.add(new interactionPolicy.Check('higher_level', 'a higher level is asked for', (ctx) => {
  const wanted = String(ctx.oidc.params.acr_values || '').split(' ').map((l) => levels.indexOf(l)).filter((i) => i >= 0);
  // Just logged in (at whatever level the person chose): the client checks the level it gets.
  if (!wanted.length || !ctx.oidc.session.accountId || ctx.oidc.result?.login) {
    return interactionPolicy.Check.NO_NEED_TO_PROMPT;
  }
  return levels.indexOf(ctx.oidc.session.acr) >= Math.min(...wanted)
    ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
}));

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutUri],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
    // ID-porten puts its session id (sid) in every ID token; oidc-provider does so for clients
    // that take back-channel logout. Nothing listens there: the tests use front-channel logout.
    backchannel_logout_uri: new URL('/idporten/back-channel-logout', redirectUri).href,
    backchannel_logout_session_required: true,
  }],
  acrValues: levels,
  claims: { openid: ['sub', 'pid', 'locale'] },
  conformIdTokenClaims: false, // ID-porten puts pid in the ID token
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
    backchannelLogout: { enabled: true },
  },
  interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // No consent step, as in ID-porten: the grant covers what the client asked for.
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid');
    grant.addOIDCClaims(['sub', 'pid', 'locale']);
    await grant.save();
    return grant;
  },
  // The subject is opaque, as ID-porten's pairwise one; pid is what the person typed.
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, pid: pids.get(id), locale: 'nb' }),
  }),
});

const page = (uid) => `<!doctype html><html lang="nb"><title>TestID</title><main>
<form method="post" action="/interaction/${uid}">
<label>Fødselsnummer <input name="pid" autocomplete="off"></label>
<label>Nivå <select name="acr">${levels.map((l) => `<option>${l}</option>`).join('')}</select></label>
<button type="submit">Logg inn</button></form></main></html>`;

const body = (req) => new Promise((resolve) => {
  let data = '';
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => resolve(new URLSearchParams(data)));
});

// With its clock set back to the tests' moment, the provider's cookies would expire in a real
// browser's past: they go out as session cookies instead (a deletion keeps its 1970 date).
// The provider adds the session's expiry to its cookies after setting them, so they are rewritten
// as the headers go out.
const sessionCookies = (res) => {
  if (!start) return;
  const set = res.setHeader.bind(res);
  const rewrite = (value) => (Array.isArray(value) ? value : [value]).map((cookie) => (
    /expires=Thu, 01 Jan 1970/i.test(cookie)
      ? cookie : cookie.replace(/;\s*expires=[^;]*/gi, '').replace(/;\s*max-age=[^;]*/gi, '')))
    // A browser refuses SameSite=None without Secure, and the tests speak plain http.
    .map((cookie) => cookie.replace(/;\s*samesite=none/gi, '; samesite=lax'));
  res.setHeader = (name, value) => (
    String(name).toLowerCase() === 'set-cookie' ? set(name, rewrite(value)) : set(name, value));
  const writeHead = res.writeHead.bind(res);
  res.writeHead = (...args) => {
    const cookies = res.getHeader('set-cookie');
    if (cookies) set('set-cookie', rewrite(cookies));
    return writeHead(...args);
  };
};

const callback = provider.callback();
http.createServer(async (req, res) => {
  sessionCookies(res);
  const match = req.url.match(/^\/interaction\/([\w-]+)$/);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      return res.end(page(details.uid));
    }
    const form = await body(req);
    const acr = levels.includes(form.get('acr')) ? form.get('acr') : levels[0];
    const pid = form.get('pid') || '';
    const accountId = createHash('sha256').update(`${clientId}:${pid}`).digest('hex').slice(0, 32);
    pids.set(accountId, pid);
    return provider.interactionFinished(req, res, {
      login: { accountId, acr, amr: ['TestID'] },
    }, { mergeWithLastSubmission: false });
  } catch (error) {
    res.statusCode = 400;
    return res.end(String(error));
  }
}).listen(Number(port), '127.0.0.1', () => console.log(`listening ${issuer}`));
