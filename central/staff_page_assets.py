"""The hall staff page's style sheet and its one small script, served from /staff/ (no inline code: CSP).

Made for a hall tablet held in one hand: large type, buttons at least 48 px high, high contrast.
"""

from __future__ import annotations

CSS = """
:root { --ink: #1b2430; --quiet: #5b6675; --line: #d8dee6; --paper: #f4f6f9; --brand: #b3261e;
  --go: #0b6bcb; --go-dark: #084f96; --flag: #8a4b00; --flag-bg: #fff1d6; --ok-bg: #e5f4ea; }
* { box-sizing: border-box; }
html { font-size: 18px; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC", sans-serif;
  line-height: 1.45; }
.en { color: var(--quiet); font-size: 0.8em; font-weight: normal; }
h1, h2, h3 { margin: 0 0 0.6rem; line-height: 1.25; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.25rem; } h3 { font-size: 1rem; color: var(--quiet); }
.bar { display: flex; align-items: center; gap: 1rem; padding: 0.75rem 1.25rem; background: var(--brand);
  color: #fff; }
.bar h1 { margin: 0; flex: 1; } .bar .en { color: #f6d9d6; }
.who { font-size: 1.05rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(26rem, 1fr)); gap: 1rem; padding: 1rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 1rem 1.25rem;
  min-width: 0; }
.wide { grid-column: 1 / -1; }
.count { display: inline-block; margin-left: 0.4rem; padding: 0 0.55rem; border-radius: 999px;
  background: var(--paper); font-size: 0.9rem; color: var(--ink); }
.empty { color: var(--quiet); }
button, .button { display: inline-flex; align-items: center; justify-content: center; gap: 0.4rem;
  min-height: 3rem; padding: 0.5rem 1.2rem; border-radius: 10px; border: 2px solid var(--go);
  background: #fff; color: var(--go); font: inherit; font-weight: 600; text-decoration: none; cursor: pointer; }
button.primary { background: var(--go); color: #fff; } button.primary .en { color: #dbe9f8; }
button.primary:hover, button.primary:focus-visible { background: var(--go-dark); }
button.big { width: 100%; min-height: 4rem; font-size: 1.3rem; margin: 0.5rem 0 1rem; }
button.quiet { border-color: #fff; background: transparent; color: #fff; min-height: 2.75rem; }
button.quiet .en { color: #f6d9d6; }
form { margin: 0; }
.terminal { border-top: 1px solid var(--line); padding-top: 0.6rem; margin-top: 0.6rem; }
.terminal ul { list-style: none; margin: 0; padding: 0; }
.call { display: flex; align-items: center; gap: 0.75rem; padding: 0.4rem 0; }
.call .what { flex: 1; display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.3rem 0.75rem; }
.call .screen { font-weight: 600; background: var(--paper); padding: 0.1rem 0.5rem; border-radius: 6px; }
.call .age { color: var(--quiet); }
.call button { white-space: nowrap; }
.called { font-size: 1.6rem; font-weight: 700; margin: 0.25rem 0; padding: 0.6rem 0.9rem; border-radius: 10px;
  background: var(--ok-bg); }
.called.none { font-size: 1rem; font-weight: normal; background: var(--paper); }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 0.45rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 0.9rem; color: var(--quiet); white-space: nowrap; }
.tickets td:first-child { font-weight: 700; font-size: 1.05rem; }
.tickets td:last-child, .tickets th:last-child { text-align: right; }
.flag { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 6px; background: var(--flag-bg);
  color: var(--flag); font-weight: 700; border: 1px solid #f0c36d; }
.flag .en { color: var(--flag); }
.notice { margin: 1rem 1rem 0; padding: 0.75rem 1rem; border-radius: 10px; background: var(--ok-bg); }
.problem { padding: 0.75rem 1rem; border-radius: 10px; background: #fde7e5; color: #8c1d18; }
.sign-in { max-width: 26rem; margin: 8vh auto; background: #fff; border: 1px solid var(--line);
  border-radius: 14px; padding: 1.5rem 1.75rem; }
.sign-in form { display: flex; flex-direction: column; gap: 0.4rem; }
.sign-in label { font-weight: 600; margin-top: 0.6rem; }
.sign-in input { font: inherit; font-size: 1.3rem; padding: 0.6rem 0.8rem; min-height: 3.2rem;
  border: 2px solid var(--line); border-radius: 10px; }
.sign-in input:focus { outline: none; border-color: var(--go); }
.sign-in button { margin-top: 1.2rem; min-height: 3.6rem; font-size: 1.2rem; }
"""

# Every 10 s, each section marked data-refresh is fetched again; a 401 means the session ended: show sign-in.
JS = """
"use strict";
function refresh() {
  document.querySelectorAll("[data-refresh]").forEach(function (section) {
    fetch(section.dataset.refresh, {credentials: "same-origin", cache: "no-store"}).then(function (answer) {
      if (answer.status === 401) { window.location.reload(); return null; }
      return answer.ok ? answer.text() : null;
    }).then(function (html) {
      if (html !== null) { section.innerHTML = html; }
    }).catch(function () { /* the next round tries again */ });
  });
}
window.setInterval(refresh, 10000);
"""
