// The sign-in switcher (browser main thread): the operator, or a customer by token. In
// the tab the scenario's tokens are known and shown (it is a demo); over HTTP the person
// types one. Tokens go to the session store (memory + sessionStorage), never the URL.
import { useId, useState, type FormEvent } from 'react';
import { useBackend, useDeps } from '../context';
import { useSession } from '../stores/session';

export function SignIn() {
  const { session } = useDeps();
  const backend = useBackend();
  const identity = useSession(session, (s) => s.identity);
  const selectId = useId();
  const [custom, setCustom] = useState(false);
  const current = identity === undefined ? '' : identity.kind === 'operator' ? 'operator' : `customer:${identity.custid}`;

  const choose = (v: string): void => {
    const s = session.getState();
    if (v === 'operator' && backend.operatorToken !== undefined) s.signInOperator(backend.operatorToken);
    else if (v.startsWith('customer:')) {
      const c = backend.customers.find((x) => `customer:${x.id}` === v);
      if (c !== undefined) s.signInCustomer(c.id, c.token);
    } else if (v === 'token') setCustom(true);
  };

  return (
    <div className="signin">
      <label htmlFor={selectId}>Signed in as</label>
      <select id={selectId} value={custom ? 'token' : current} onChange={(e) => choose(e.target.value)}>
        {identity === undefined ? <option value="">nobody</option> : undefined}
        {backend.operatorToken !== undefined ? <option value="operator">operator (whole datacenter)</option> : undefined}
        {backend.customers.map((c) => (
          <option key={c.id} value={`customer:${c.id}`}>
            customer {c.id}
          </option>
        ))}
        <option value="token">someone else, by token…</option>
      </select>
      {custom ? <TokenForm onDone={() => setCustom(false)} /> : undefined}
      {backend.customers.length > 0 || backend.operatorToken !== undefined ? (
        <details className="tokens">
          <summary>Demo tokens</summary>
          <table>
            <caption>Tokens of this demo (send one as Authorization: Bearer TOKEN)</caption>
            <tbody>
              {backend.operatorToken !== undefined ? (
                <tr>
                  <th scope="row">operator</th>
                  <td>
                    <code>{backend.operatorToken}</code>
                  </td>
                </tr>
              ) : undefined}
              {backend.customers.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.id}</th>
                  <td>
                    <code>{c.token}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : undefined}
    </div>
  );
}

function TokenForm({ onDone }: { readonly onDone: () => void }) {
  const { session } = useDeps();
  const [custid, setCustid] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const t = token.trim();
    if (t === '') {
      setError('Enter a token.');
      return;
    }
    if (custid.trim() === '') session.getState().signInOperator(t);
    else session.getState().signInCustomer(custid.trim(), t);
    onDone();
  };
  return (
    <form className="token-form" onSubmit={submit} aria-label="Sign in with a token">
      <label>
        Customer id <small>(empty for the operator)</small>
        <input value={custid} onChange={(e) => setCustid(e.target.value)} autoComplete="off" />
      </label>
      <label>
        Token
        <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
      </label>
      <button type="submit">Sign in</button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {error !== undefined ? <span role="alert">{error}</span> : undefined}
    </form>
  );
}
