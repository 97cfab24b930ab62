// The command-center page served at / (src/app/web.ts): signs in with an API key kept in sessionStorage, then shows
// the province.
import { render } from 'preact';
import '../shared/sign-in.css';
import './style.css';
import { graphqlClient } from './api';
import { App } from './app';
import { askForKey, forgetKey, storedKey } from '../shared/session';

const host = document.getElementById('root')!;

function show(key: string): void {
  render(<App gql={graphqlClient(key)} apiKey={key} onKeyRefused={() => void signIn('密钥无效或已停用 · The key was refused (401)')} onSignOut={() => void signIn()} />, host);
}

async function signIn(problem?: string): Promise<void> {
  forgetKey();
  render(null, host);
  show(await askForKey(host, problem));
}

const key = storedKey();
if (key) show(key);
else void signIn();
