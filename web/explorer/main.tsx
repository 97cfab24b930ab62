// The GraphiQL explorer served at GET /graphql to a browser (src/app/web.ts), bundled with Monaco and its workers.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createRoot, Root } from 'react-dom/client';
import 'graphiql/style.css';
import '../shared/sign-in.css';
import './explorer.css';
import { askForKey, forgetKey, storedKey } from '../shared/session';

/** Worker bundles by Monaco label, named by scripts/build-web.ts. */
declare const __MONACO_WORKERS__: { editor: string; json: string; graphql: string };

(globalThis as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return new Worker(label === 'json' ? __MONACO_WORKERS__.json : label === 'graphql' ? __MONACO_WORKERS__.graphql : __MONACO_WORKERS__.editor);
  },
};

const host = document.getElementById('root')!;
let root: Root | null = null;

function show(key: string): void {
  const fetcher = createGraphiQLFetcher({
    url: '/graphql',
    subscriptionUrl: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    headers: { authorization: `Bearer ${key}` },
    wsConnectionParams: { authorization: `Bearer ${key}` },
    // A refused key (401) asks for another instead of showing GraphiQL's error.
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.status === 401) void signIn('密钥无效或已停用 · The key was refused (401)');
      return response;
    },
  });
  root = createRoot(host);
  root.render(
    <GraphiQL fetcher={fetcher} initialQuery={new URLSearchParams(location.search).get('query') ?? undefined}>
      <GraphiQL.Logo>
        <span className="hub-logo">
          蓝天 <span className="en">Lantian Hub</span> · <a href="/">指挥中心 <span className="en">Command center</span></a> ·{' '}
          <button type="button" onClick={() => void signIn()}>
            退出 <span className="en">Sign out</span>
          </button>
        </span>
      </GraphiQL.Logo>
    </GraphiQL>,
  );
}

async function signIn(problem?: string): Promise<void> {
  forgetKey();
  root?.unmount();
  root = null;
  show(await askForKey(host, problem));
}

const key = storedKey();
if (key) show(key);
else void signIn();
