// The API key, typed once per browser tab and kept in sessionStorage (never localStorage, never a cookie): the page
// and the explorer share it, and it is gone when the tab closes.
const STORAGE_KEY = 'lantian.apiKey';

export function storedKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function forgetKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** Shows the sign-in form in `host` until a key is entered; `problem` says why the last one was refused. */
export function askForKey(host: HTMLElement, problem?: string): Promise<string> {
  host.replaceChildren();
  const form = document.createElement('form');
  form.className = 'sign-in';
  form.innerHTML = `
    <h1>蓝天数据共享平台 <span class="en">Lantian Hub</span></h1>
    <label for="api-key">API 密钥 <span class="en">API key</span></label>
    <input id="api-key" name="key" type="password" autocomplete="off" spellcheck="false" required placeholder="lt_…">
    <button type="submit">登录 <span class="en">Sign in</span></button>
    <p class="hint">密钥只保存在本标签页 <span class="en">The key is kept in this tab only (sessionStorage).</span></p>`;
  if (problem) {
    const p = document.createElement('p');
    p.className = 'problem';
    p.textContent = problem;
    form.append(p);
  }
  host.append(form);
  const input = form.querySelector('input')!;
  input.focus();
  return new Promise((resolve) => {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      sessionStorage.setItem(STORAGE_KEY, key);
      form.remove();
      resolve(key);
    });
  });
}
