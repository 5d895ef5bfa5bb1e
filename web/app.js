// The questionnaire: asks only what can still change an answer, most decisive first, and
// shows the report as the answers come in. Everything comes from the API of the same server
// (docs/serve.md): /v1/facts, /v1/schemes, /v1/authorities, /v1/components, /v1/categories,
// /v1/next, /v1/evaluate, /v1/explain. No framework and no third-party code; text from the
// rules or the answers only ever reaches the page through textContent (never innerHTML), so it
// is escaped.
'use strict';

const PHRASES = {
  en: {
    title: 'Which Chinese certifications does this product need?',
    product_heading: '1. The product', product_name: 'Product name (optional)',
    as_of: 'Rules in force on',
    category_search: 'Product type: search by name, catalogue code or Chinese name',
    category_chosen: 'Product type: {0}', category_none: 'No product type matches “{0}”.',
    questions_heading: '2. Questions that can still change the answer',
    questions_intro: '{0} undetermined: {1}. Most decisive question first.',
    questions_done: 'Nothing is undetermined: no answer could change the report.',
    questions_stuck: 'Still undetermined: {0}. No single answer settles it; see “missing” below.',
    answers_heading: 'Your answers', no_answers: 'Nothing answered yet.',
    report_heading: '3. What it needs', next_heading: 'What to do next',
    yes: 'Yes', no: 'No', dont_know: 'I don’t know', answer: 'Answer', change: 'Change',
    none_checked: 'Answer (none checked means none of these)',
    decides: 'Decides {0}.', compared_with: 'The rules compare it with {0}.',
    unknown: 'I don’t know',
    required: 'required', undetermined: 'undetermined', exempt: 'exempt',
    not_required: 'not required', recommended: 'recommended (voluntary)',
    available: 'available if you want it',
    mandatory: 'mandatory', voluntary: 'voluntary',
    summary: '{0} required, {1} recommended (voluntary), {2} undetermined, {3} exempt, {4} available if you want them.',
    administered_by: 'Administered by {0}.',
    required_by: 'Required by', exempted_by: 'Exempted by', maybe: 'Undecided rules',
    because: 'Because', source: 'Source', facts: 'Facts', at: 'Rule',
    steps: 'What to do', route: 'Route', marking: 'Marking', bodies: 'Bodies',
    not_recorded: 'not recorded in the rules',
    obligations: 'For each part:', product_itself: 'The product itself',
    missing: 'Missing: ', not_required_list: 'Not required ({0})',
    next_answer: 'Answer “{0}” (question 1 above): it settles the most.',
    next_missing: '{0}: state {1}.',
    next_required: '{0} ({1}): required, {2}. {3}',
    next_recommended: '{0} ({1}): recommended (voluntary). {2}',
    next_available: '{0} ({1}): a mark you may choose; nothing is missing. {2}',
    next_assumed: 'Assumed {0} = {1}, its declared default: state it to be sure.',
    next_done: 'Nothing is undetermined: download the report (HTML) to send it, or the facts (JSON) to run `ccr run --facts`.',
    share: 'Copy a link to these answers', shared: 'Link copied:',
    download_facts: 'Download the facts (JSON)', download_report: 'Download the report (HTML)',
    start_over: 'Start over', loading: 'Loading…',
    error: 'The server answered {0}: {1}', offline: 'The server cannot be reached: {0}',
    token_label: 'This server needs an access token', token_use: 'Use token',
    footer: 'Answers come from the ccr rules loaded on this server; reasons and citations are quoted as written in the rules. The API behind this page: /openapi.json.',
  },
  zh: {
    title: '此产品需要哪些中国认证？',
    product_heading: '1. 产品', product_name: '产品名称（可选）', as_of: '规则生效日期',
    category_search: '产品类型：按名称、目录编号或中文名称搜索',
    category_chosen: '产品类型：{0}', category_none: '没有与“{0}”匹配的产品类型。',
    questions_heading: '2. 仍可能改变结果的问题',
    questions_intro: '未确定 {0} 项：{1}。影响最大的问题排在最前。',
    questions_done: '没有未确定的认证：任何回答都不会改变结果。',
    questions_stuck: '仍未确定：{0}。没有单个回答可以确定；请见下方“缺少”。',
    answers_heading: '您的回答', no_answers: '尚未回答任何问题。',
    report_heading: '3. 所需认证', next_heading: '下一步',
    yes: '是', no: '否', dont_know: '不知道', answer: '回答', change: '修改',
    none_checked: '回答（不勾选表示以上都不是）',
    decides: '决定：{0}。', compared_with: '规则将其与 {0} 比较。',
    unknown: '不知道',
    required: '必需', undetermined: '未确定', exempt: '豁免', not_required: '不需要',
    recommended: '建议（自愿性）', available: '可按需申请', mandatory: '强制性', voluntary: '自愿性',
    summary: '必需 {0} 项，建议 {1} 项（自愿性），未确定 {2} 项，豁免 {3} 项，可按需申请 {4} 项。',
    administered_by: '主管机构：{0}。',
    required_by: '要求依据', exempted_by: '豁免依据', maybe: '未定的规则',
    because: '原因', source: '出处', facts: '事实', at: '规则',
    steps: '办理', route: '途径', marking: '标志', bodies: '机构',
    not_recorded: '规则中未记录',
    obligations: '各部分：', product_itself: '产品本身',
    missing: '缺少：', not_required_list: '不需要（{0} 项）',
    next_answer: '请回答“{0}”（上面第 1 个问题）：它能确定的最多。',
    next_missing: '{0}：请说明 {1}。',
    next_required: '{0}（{1}）：必需，{2}。{3}',
    next_recommended: '{0}（{1}）：建议（自愿性）。{2}',
    next_available: '{0}（{1}）：可按需申请，不缺少任何事实。{2}',
    next_assumed: '假定 {0} = {1}（声明的默认值）：请说明以确认。',
    next_done: '没有未确定的认证：可下载报告（HTML）发送，或下载事实（JSON）用于 `ccr run --facts`。',
    share: '复制包含这些回答的链接', shared: '链接已复制：',
    download_facts: '下载事实（JSON）', download_report: '下载报告（HTML）',
    start_over: '重新开始', loading: '加载中…',
    error: '服务器返回 {0}：{1}', offline: '无法连接服务器：{0}',
    token_label: '此服务器需要访问令牌', token_use: '使用令牌',
    footer: '结果来自此服务器加载的 ccr 规则；原因和出处按规则原文引用。本页使用的 API：/openapi.json。',
  },
};

const state = { lang: 'en', product: '', as_of: '', facts: {}, skip: [] };
const catalog = { facts: new Map(), schemes: new Map(), authorities: new Map(), components: new Map(),
                  categories: new Map(), categoryFact: null };
let last = { next: null, report: null };
let generation = 0;

const $ = (id) => document.getElementById(id);

function t(key, ...args) {
  const text = (PHRASES[state.lang] || PHRASES.en)[key] || PHRASES.en[key] || key;
  return text.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)]));
}

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);  // strings become text nodes
  }
  return node;
}

// ---- the API ---------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : String(status));
    this.status = status;
    this.body = body;
  }
}

async function call(method, path, body, as) {
  const headers = {};
  const token = sessionStorage.getItem('ccr-token');
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    let detail = null;
    try { detail = await response.json(); } catch (ignored) { /* not JSON */ }
    if (response.status === 401) $('token-form').hidden = false;
    throw new ApiError(response.status, detail);
  }
  return as === 'text' ? response.text() : response.json();
}

function query(extra) {
  const params = new URLSearchParams();
  if (state.as_of) params.set('as_of', state.as_of);
  for (const [key, value] of Object.entries(extra || {})) params.set(key, value);
  const text = params.toString();
  return text ? '?' + text : '';
}

function factsBody() {
  const body = {};
  if (state.product) body.product = state.product;
  for (const [fact, value] of Object.entries(state.facts)) body[fact] = value;
  return body;
}

function showError(error) {
  if (error instanceof ApiError) {
    $('status').textContent = t('error', error.status, error.body ? error.body.message : '');
  } else {
    $('status').textContent = t('offline', error.message);
  }
}

// ---- names -----------------------------------------------------------------------------

function factLabel(fact) {
  const text = fact.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function valueLabel(fact, value) {
  if (fact === catalog.categoryFact) {
    const entry = catalog.categories.get(value);
    if (entry) {
      const name = state.lang === 'zh' ? (entry.zh_name || entry.name) : (entry.name || entry.zh_name);
      if (name) return name;
    }
  }
  return String(value).replace(/_/g, ' ');
}

function answerLabel(fact, value) {
  if (value === true) return t('yes');
  if (value === false) return t('no');
  if (Array.isArray(value)) return value.length ? value.map((v) => valueLabel(fact, v)).join(', ') : '∅';
  const info = catalog.facts.get(fact);
  if (typeof value === 'number' && info && info.unit) return value + ' ' + info.unit;
  return valueLabel(fact, value);
}

function schemeName(id) {
  const scheme = catalog.schemes.get(id);
  if (!scheme) return id;
  return state.lang === 'zh' ? (scheme.zh_name || scheme.name || id) : (scheme.name || id);
}

function authorityName(id) {
  const authority = catalog.authorities.get(id);
  if (!authority) return id;
  const name = state.lang === 'zh' ? (authority.zh_name || authority.name) : authority.name;
  return name ? name + ' (' + id + ')' : id;
}

// A component in the page's language (the report names it in English only).
function componentName(obligation) {
  if (obligation.component === 'product') return t('product_itself');
  const component = catalog.components.get(obligation.component);
  const zh = state.lang === 'zh' && component && component.zh_name;
  return zh || obligation.name || obligation.component;
}

// ---- product type search ----------------------------------------------------------------

let searchTimer = null;
async function searchCategories() {
  const text = $('category-search').value.trim();
  const list = $('category-results');
  if (!text) { list.replaceChildren(); return; }
  try {
    const result = await call('GET', '/v1/categories' + query({ q: text }));
    if ($('category-search').value.trim() !== text) return;  // a newer search is on its way
    for (const entry of result.categories) catalog.categories.set(entry.value, entry);
    if (!result.categories.length) {
      list.replaceChildren(el('li', { class: 'muted', text: t('category_none', text) }));
      return;
    }
    list.replaceChildren(...result.categories.slice(0, 50).map((entry) => {
      const extra = [entry.value, ...(entry.codes || []).map((c) => c.scheme + ' ' + c.code)];
      if (state.lang !== 'zh' && entry.zh_name) extra.push(entry.zh_name);
      return el('li', {}, el('button', {
        type: 'button', 'data-value': entry.value,
        onclick: () => chooseCategory(entry.value),
      }, valueLabel(catalog.categoryFact, entry.value), ' ', el('small', { text: extra.join(' · ') })));
    }));
  } catch (error) { showError(error); }
}

function chooseCategory(value) {
  state.facts[catalog.categoryFact] = value;
  state.skip = state.skip.filter((f) => f !== catalog.categoryFact);
  $('category-results').replaceChildren();
  $('category-search').value = '';
  refresh().then(() => {
    const first = document.querySelector('#question-list button, #question-list input, #question-list select');
    if (first) first.focus();
  });
}

// ---- questions --------------------------------------------------------------------------

function answer(fact, value) {
  state.facts[fact] = value;
  state.skip = state.skip.filter((f) => f !== fact);
  refresh().then(focusFirstQuestion);
}

function dontKnow(fact) {
  delete state.facts[fact];
  if (!state.skip.includes(fact)) state.skip.push(fact);
  refresh().then(focusFirstQuestion);
}

function focusFirstQuestion() {
  const first = document.querySelector('#question-list button, #question-list input, #question-list select');
  if (first) first.focus();
}

function widget(question) {
  const fact = question.fact;
  const info = catalog.facts.get(fact) || {};
  const kind = info.kind || (question.type === 'bool' ? 'bool' : 'string');
  const id = 'q-' + fact;
  const dontKnowButton = el('button', { type: 'button', class: 'dont-know', onclick: () => dontKnow(fact) }, t('dont_know'));
  if (kind === 'bool') {
    return el('div', { role: 'group', 'aria-labelledby': id + '-title' },
      el('button', { type: 'button', onclick: () => answer(fact, true) }, t('yes')),
      el('button', { type: 'button', onclick: () => answer(fact, false) }, t('no')),
      dontKnowButton);
  }
  if (kind === 'enum' && question.values.length <= 8) {
    return el('div', { role: 'group', 'aria-labelledby': id + '-title' },
      ...question.values.map((v) => el('button', { type: 'button', 'data-value': v, onclick: () => answer(fact, v) }, valueLabel(fact, v))),
      dontKnowButton);
  }
  if (kind === 'enum') {
    const select = el('select', { id: id + '-input', 'aria-labelledby': id + '-title' },
      ...question.values.map((v) => el('option', { value: v }, valueLabel(fact, v))));
    return el('div', {}, select,
      el('button', { type: 'button', onclick: () => answer(fact, select.value) }, t('answer')), dontKnowButton);
  }
  if (kind === 'set') {
    const boxes = question.values.map((v) => el('input', { type: 'checkbox', value: v }));
    const fieldset = el('fieldset', { class: question.values.length > 6 ? 'options-columns' : '' },
      el('legend', { class: 'visually-hidden', text: factLabel(fact) }),
      ...question.values.map((v, i) => el('label', {}, boxes[i], valueLabel(fact, v))));
    return el('div', {}, fieldset,
      el('button', { type: 'button', onclick: () => answer(fact, boxes.filter((b) => b.checked).map((b) => b.value)) }, t('none_checked')),
      dontKnowButton);
  }
  const input = el('input', { id: id + '-input', type: kind === 'number' ? 'number' : 'text', step: 'any',
                              'aria-labelledby': id + '-title' });
  const submit = () => {
    if (input.value.trim() === '') return;
    if (kind === 'number') {
      const number = Number(input.value);
      if (!Number.isFinite(number)) return;
      answer(fact, number);
    } else {
      answer(fact, input.value);
    }
  };
  input.addEventListener('keydown', (event) => { if (event.key === 'Enter') submit(); });
  return el('div', {}, input, info.unit ? el('span', { text: ' ' + info.unit + ' ' }) : null,
    el('button', { type: 'button', onclick: submit }, t('answer')), dontKnowButton);
}

function renderQuestions(next) {
  const open = next.open.map(schemeName);
  const intro = $('questions-intro');
  if (!next.open.length) intro.textContent = t('questions_done');
  else if (!next.questions.length) intro.textContent = t('questions_stuck', open.join(', '));
  else intro.textContent = t('questions_intro', next.open.length, open.join(', '));
  $('question-list').replaceChildren(...next.questions.map((question) => {
    const info = catalog.facts.get(question.fact) || {};
    const item = el('li', { 'data-fact': question.fact, id: 'question-' + question.fact },
      el('p', { class: 'question-title', id: 'q-' + question.fact + '-title' }, factLabel(question.fact)),
      question.doc ? el('p', { class: 'doc', text: question.doc }) : null,
      el('p', { class: 'muted', text: t('decides', question.open_in.join(', ')) +
        (question.thresholds && question.thresholds.length
          ? ' ' + t('compared_with', question.thresholds.map((n) => n + (info.unit ? ' ' + info.unit : '')).join(', ')) : '') }),
      widget(question));
    return item;
  }));
  const answers = [
    ...Object.entries(state.facts).map(([fact, value]) => [fact, answerLabel(fact, value)]),
    ...state.skip.map((fact) => [fact, t('unknown')]),
  ];
  $('answer-list').replaceChildren(...(answers.length ? answers.map(([fact, label]) => el('li', { 'data-fact': fact },
    el('span', { text: factLabel(fact) + ': ' }), el('strong', { text: label }), ' ',
    el('button', { type: 'button', 'aria-label': t('change') + ' ' + factLabel(fact), onclick: () => {
      delete state.facts[fact];
      state.skip = state.skip.filter((f) => f !== fact);
      refresh().then(() => { const q = document.getElementById('question-' + fact); if (q) q.querySelector('button, input, select').focus(); });
    } }, t('change')))) : [el('li', { class: 'muted', text: t('no_answers') })]));
}

// ---- the report -------------------------------------------------------------------------

function displayStatus(requirement) {
  // A voluntary scheme that applies is recommended, never "voluntary required".
  if (requirement.status === 'required' && requirement.level === 'voluntary') return 'recommended';
  return requirement.status;
}

function renderRule(rule) {
  const facts = Object.entries(rule.facts || {}).map(([fact, value]) => factLabel(fact) + ' = ' + answerLabel(fact, value));
  return el('dl', { class: 'rule' },
    el('dt', {}, rule.rule, ' ', el('code', { text: rule.at })),
    rule.because ? el('dd', { text: t('because') + ': ' + rule.because }) : null,
    rule.source ? el('dd', { text: t('source') + ': ' + rule.source }) : null,
    facts.length ? el('dd', { text: t('facts') + ': ' + facts.join('; ') }) : null);
}

// A required scheme's route, marking and bodies (the report's `next`, docs/report.md), each
// step with its source; a kind the rules record nothing for says so.
function renderSteps(next) {
  const list = el('dl', { class: 'steps' });
  for (const kind of ['route', 'marking', 'bodies']) {
    const steps = next[kind] || [];
    list.append(el('dt', { text: t(kind) }));
    if (!steps.length) list.append(el('dd', { class: 'muted', text: t('not_recorded') }));
    for (const step of steps) {
      const text = state.lang === 'zh' && step.zh ? step.zh : step.text;
      list.append(el('dd', {}, text, el('br'), el('span', { class: 'muted', text: t('source') + ': ' + step.source })));
    }
  }
  return [el('p', { text: t('steps') }), list];
}

// Links to the questions of the facts an answer is missing.
function missingLinks(facts) {
  return facts.flatMap((fact, i) => [i ? ', ' : '', el('a', { href: '#question-' + fact, text: factLabel(fact) })]);
}

// A scheme attached to components (docs/report.md, `obligations`): each part's own status, so
// "CCC required" for the adapter never reads as "the product itself needs CCC".
function renderObligations(obligations) {
  return [el('p', { text: t('obligations') }), el('ul', { class: 'obligations' }, ...obligations.map((o) => {
    const status = displayStatus(o);
    return el('li', { 'data-component': o.component, 'data-status': status }, componentName(o) + ' ',
      el('span', { class: 'badge ' + status, text: t(status) }),
      o.missing && o.missing.length ? el('span', {}, ' ', t('missing'), ...missingLinks(o.missing)) : null);
  }))];
}

function renderScheme(requirement) {
  const status = displayStatus(requirement);
  const box = el('article', { class: 'scheme ' + status, 'data-scheme': requirement.scheme, 'data-status': status },
    el('h3', {}, requirement.scheme + ' — ' + schemeName(requirement.scheme),
      el('span', { class: 'badge ' + status, text: t(status) })),
    el('p', { class: 'muted', text: t(requirement.level) + ' · ' + t('administered_by', authorityName(requirement.authority)) }));
  if (requirement.obligations) box.append(...renderObligations(requirement.obligations));
  if (requirement.missing && requirement.missing.length) {
    box.append(el('p', {}, t('missing'), ...missingLinks(requirement.missing)));
  }
  if (requirement.exempted_by && requirement.exempted_by.length) {
    box.append(el('p', { text: t('exempted_by') }), ...requirement.exempted_by.map(renderRule));
  }
  if (requirement.rules.length) {
    const open = requirement.status === 'undetermined' || requirement.status === 'available';
    const heading = open ? t('maybe') : t('required_by');
    box.append(el('p', { text: heading }), ...requirement.rules.map(renderRule));
  }
  if (requirement.next) box.append(...renderSteps(requirement.next));
  return box;
}

function renderReport(report, next) {
  const listed = report.requirements.filter((r) => r.status !== 'not_required');
  const count = (s) => listed.filter((r) => displayStatus(r) === s).length;
  $('report-summary').textContent = t('summary', count('required'), count('recommended'), count('undetermined'), count('exempt'), count('available'));
  const notRequired = report.requirements.filter((r) => r.status === 'not_required');
  $('report-schemes').replaceChildren(...listed.map(renderScheme),
    notRequired.length ? el('details', {}, el('summary', { text: t('not_required_list', notRequired.length) }),
      el('ul', {}, ...notRequired.map((r) => el('li', { 'data-scheme': r.scheme, text: r.scheme + ' — ' + schemeName(r.scheme) })))) : '');
  const steps = [];
  if (next.questions.length) steps.push(t('next_answer', factLabel(next.questions[0].fact)));
  for (const [fact, value] of Object.entries(report.assumed || {})) {
    steps.push(t('next_assumed', factLabel(fact), JSON.stringify(value)));
  }
  for (const r of listed.filter((x) => x.status === 'undetermined')) {
    steps.push(t('next_missing', r.scheme, (r.missing || []).map(factLabel).join(', ')));
  }
  for (const r of listed.filter((x) => x.status === 'required')) {
    const source = r.rules.find((rule) => rule.source);
    const basis = source ? t('source') + ': ' + source.source : '';
    if (r.level === 'voluntary') steps.push(t('next_recommended', r.scheme, schemeName(r.scheme), basis));
    else steps.push(t('next_required', r.scheme, schemeName(r.scheme), t('administered_by', authorityName(r.authority)), basis));
  }
  for (const r of listed.filter((x) => x.status === 'available')) {
    steps.push(t('next_available', r.scheme, schemeName(r.scheme), ''));
  }
  if (!next.open.length) steps.push(t('next_done'));
  $('next-steps').replaceChildren(...steps.map((s) => el('li', { text: s })));
}

// ---- state, link, downloads ---------------------------------------------------------------

function encodeState() {
  const json = JSON.stringify({ v: 1, lang: state.lang, product: state.product, as_of: state.as_of, facts: state.facts, skip: state.skip });
  const bytes = new TextEncoder().encode(json);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeState(text) {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const saved = JSON.parse(new TextDecoder().decode(bytes));
    if (!saved || saved.v !== 1 || typeof saved.facts !== 'object' || saved.facts === null) return;
    state.lang = saved.lang === 'zh' ? 'zh' : 'en';
    state.product = typeof saved.product === 'string' ? saved.product : '';
    state.as_of = typeof saved.as_of === 'string' ? saved.as_of : '';
    state.facts = {};
    for (const [fact, value] of Object.entries(saved.facts)) if (catalog.facts.has(fact)) state.facts[fact] = value;
    state.skip = Array.isArray(saved.skip) ? saved.skip.filter((f) => catalog.facts.has(f)) : [];
  } catch (ignored) { /* a damaged link starts afresh */ }
}

function shareLink() {
  return location.origin + location.pathname + '#s=' + encodeState();
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function refresh() {
  const mine = ++generation;
  document.body.dataset.busy = 'true';
  $('status').textContent = '';
  history.replaceState(null, '', '#s=' + encodeState());
  try {
    const body = factsBody();
    const [next, report] = await Promise.all([
      call('POST', '/v1/next' + query(state.skip.length ? { skip: state.skip.join(',') } : {}), body),
      call('POST', '/v1/evaluate' + query({ all: 'true' }), body),
    ]);
    if (mine !== generation) return;
    // Facts the constraints decide (docs/ask.md, `implied`) become the product's facts, as
    // `ccr ask` fills them in; the page then asks again with them.
    const implied = (next.implied || []).filter((i) => !(i.fact in state.facts));
    if (implied.length) {
      for (const i of implied) state.facts[i.fact] = i.value;
      return refresh();
    }
    last = { next, report };
    renderQuestions(next);
    renderReport(report, next);
    const category = state.facts[catalog.categoryFact];
    $('category-chosen').textContent = category ? t('category_chosen', valueLabel(catalog.categoryFact, category)) : '';
    document.body.dataset.ready = String(mine);
  } catch (error) { if (mine === generation) showError(error); }
  if (mine === generation) document.body.dataset.busy = 'false';
}

function applyLanguage() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = t(node.dataset.text);
  $('lang-en').setAttribute('aria-pressed', String(state.lang === 'en'));
  $('lang-zh').setAttribute('aria-pressed', String(state.lang === 'zh'));
  if (last.next) { renderQuestions(last.next); renderReport(last.report, last.next); }
}

async function loadCatalog() {
  const [facts, schemes, authorities, components, categories] = await Promise.all([
    call('GET', '/v1/facts'), call('GET', '/v1/schemes'), call('GET', '/v1/authorities'), call('GET', '/v1/components'),
    call('GET', '/v1/categories')]);
  for (const f of facts.facts) catalog.facts.set(f.fact, f);
  for (const s of schemes.schemes) catalog.schemes.set(s.scheme, s);
  for (const a of authorities.authorities) catalog.authorities.set(a.authority, a);
  for (const c of components.components) catalog.components.set(c.component, c);
  for (const c of categories.categories) catalog.categories.set(c.value, c);
  catalog.categoryFact = categories.fact || null;
  if (!catalog.categoryFact) $('category-search').disabled = true;
}

async function start() {
  $('lang-en').addEventListener('click', () => { state.lang = 'en'; applyLanguage(); history.replaceState(null, '', '#s=' + encodeState()); });
  $('lang-zh').addEventListener('click', () => { state.lang = 'zh'; applyLanguage(); history.replaceState(null, '', '#s=' + encodeState()); });
  $('category-search').addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(searchCategories, 150); });
  $('product-name').addEventListener('change', () => { state.product = $('product-name').value; refresh(); });
  $('as-of').addEventListener('change', () => { state.as_of = $('as-of').value; refresh(); });
  $('share').addEventListener('click', async () => {
    const link = shareLink();
    $('share-link').textContent = t('shared') + ' ' + link;
    try { await navigator.clipboard.writeText(link); } catch (ignored) { /* the link is shown */ }
  });
  $('download-facts').addEventListener('click', () =>
    download('facts.json', 'application/json', JSON.stringify(factsBody(), null, 2) + '\n'));
  $('download-report').addEventListener('click', async () => {
    try {
      const html = await call('POST', '/v1/explain' + query({ format: 'html', lang: state.lang }), factsBody(), 'text');
      download('report.html', 'text/html', html);
    } catch (error) { showError(error); }
  });
  $('start-over').addEventListener('click', () => {
    state.facts = {}; state.skip = []; state.product = ''; $('product-name').value = ''; refresh();
  });
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem('ccr-token', $('token').value);
    $('token-form').hidden = true;
    load();
  });
  await load();
}

async function load() {
  $('status').textContent = t('loading');
  try { await loadCatalog(); } catch (error) { showError(error); return; }
  if (location.hash.startsWith('#s=')) decodeState(location.hash.slice(3));
  $('product-name').value = state.product;
  $('as-of').value = state.as_of;
  applyLanguage();
  await refresh();
}

document.addEventListener('DOMContentLoaded', start);
