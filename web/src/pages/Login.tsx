/**
 * 登录: user name and password, the API's message when they are refused. A user whose password is
 * the initial one an administrator set is asked, on the same page, for a new password of their own.
 */
import { useState } from 'preact/hooks';
import { type ApiError, api } from '../api.ts';
import { ErrorMessage, PageTitle } from '../components/common.tsx';
import { toApiError } from '../load.ts';

interface Challenge {
  username: string;
  session: string;
  message: string;
}

export function Login({ onSignedIn }: { onSignedIn: (token: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [challenge, setChallenge] = useState<Challenge>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.signIn(username.trim(), password);
      if (answer.challenge) {
        setPassword('');
        setChallenge({ username: username.trim(), session: answer.session, message: answer.message });
        setBusy(false);
        return;
      }
      onSignedIn(answer.token);
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  };
  if (challenge)
    return (
      <NewPassword
        challenge={challenge}
        onSignedIn={onSignedIn}
        onRestart={(restartError) => {
          setChallenge(undefined);
          setError(restartError);
        }}
      />
    );
  return (
    <div class="login">
      <PageTitle title="登录">登录</PageTitle>
      <p>城市知识产权局、省级部门和部委分析人员请使用分配的账号登录。</p>
      <form onSubmit={submit} class="form" noValidate={false}>
        <TextField
          id="username"
          label="用户名"
          autocomplete="username"
          value={username}
          onValue={setUsername}
        />
        <TextField
          id="password"
          label="密码"
          password
          autocomplete="current-password"
          value={password}
          onValue={setPassword}
        />
        {error ? <ErrorMessage error={error} /> : null}
        <button type="submit" class="primary" disabled={busy}>
          登录
        </button>
      </form>
    </div>
  );
}

/** 设置新密码: twice, checked to match here; the server's password policy answers the rest. */
function NewPassword({
  challenge,
  onSignedIn,
  onRestart,
}: {
  challenge: Challenge;
  onSignedIn: (token: string) => void;
  /** The session expired: back to the sign-in form, with the reason. */
  onRestart: (error: ApiError) => void;
}) {
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [mismatch, setMismatch] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (first !== second) {
      setMismatch(true);
      setError(undefined);
      return;
    }
    setMismatch(false);
    setBusy(true);
    setError(undefined);
    try {
      const { token } = await api.completeNewPassword(challenge.username, challenge.session, first);
      onSignedIn(token);
    } catch (caught) {
      const failure = toApiError(caught);
      if (failure.code === 'NEW_PASSWORD_SESSION_EXPIRED') onRestart(failure);
      else {
        setError(failure);
        setBusy(false);
      }
    }
  };
  return (
    <div class="login">
      <PageTitle title="设置新密码">设置新密码</PageTitle>
      <p>
        {challenge.message}（用户 {challenge.username}）。
      </p>
      <form onSubmit={submit} class="form" noValidate={false}>
        {/* The user name, for password managers that save the new password under it. */}
        <input
          type="text"
          name="username"
          autocomplete="username"
          value={challenge.username}
          hidden
          readOnly
        />
        <TextField
          id="new-password"
          label="新密码"
          password
          autocomplete="new-password"
          value={first}
          onValue={setFirst}
        />
        <TextField
          id="confirm-password"
          label="再次输入新密码"
          password
          autocomplete="new-password"
          value={second}
          onValue={setSecond}
          invalid={mismatch}
          describedBy={mismatch ? 'password-mismatch' : undefined}
        />
        {mismatch ? (
          <div id="password-mismatch" class="message message-bad" role="alert">
            两次输入的新密码不一致
          </div>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
        <button type="submit" class="primary" disabled={busy}>
          设置新密码并登录
        </button>
      </form>
    </div>
  );
}

/** A labelled text or password input of the sign-in forms. */
function TextField(props: {
  id: string;
  label: string;
  password?: boolean;
  autocomplete: string;
  value: string;
  onValue: (value: string) => void;
  invalid?: boolean;
  describedBy?: string | undefined;
}) {
  const input = {
    id: props.id,
    name: props.id,
    autocomplete: props.autocomplete,
    required: true,
    ...(props.invalid === undefined ? {} : { 'aria-invalid': props.invalid }),
    'aria-describedby': props.describedBy,
    value: props.value,
    onInput: (event: Event) => props.onValue((event.target as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.password ? <input type="password" {...input} /> : <input {...input} />}
    </div>
  );
}
