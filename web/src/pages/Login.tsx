/** 登录: user name and password, the API's message when they are refused. */
import { useState } from 'preact/hooks';
import { type ApiError, api } from '../api.ts';
import { ErrorMessage, PageTitle } from '../components/common.tsx';
import { toApiError } from '../load.ts';

export function Login({ onSignedIn }: { onSignedIn: (token: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { token } = await api.signIn(username.trim(), password);
      onSignedIn(token);
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  };
  return (
    <div class="login">
      <PageTitle title="登录">登录</PageTitle>
      <p>城市知识产权局、省级部门和部委分析人员请使用分配的账号登录。</p>
      <form onSubmit={submit} class="form" noValidate={false}>
        <div class="field">
          <label for="username">用户名</label>
          <input
            id="username"
            name="username"
            autocomplete="username"
            required
            value={username}
            onInput={(event) => setUsername((event.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="password">密码</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword((event.target as HTMLInputElement).value)}
          />
        </div>
        {error ? <ErrorMessage error={error} /> : null}
        <button type="submit" class="primary" disabled={busy}>
          登录
        </button>
      </form>
    </div>
  );
}
