(() => {
  const $ = (id) => document.getElementById(id);
  const state = { identity: null, kind: null, name: '', thread: 'private', groupThread: 'staff-group', after: {}, recorder: null, csrf: '', mode: 'simulator' };

  // Every change carries the session's CSRF token; the server also checks Origin and the JSON type.
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': state.csrf }, body: JSON.stringify(body), credentials: 'same-origin' });
  }
  const log = $('log');

  function threadId() { return state.thread === 'group' ? state.groupThread : state.identity; }
  function initials(n) { return (n || '?').slice(-2); }

  function render(ev) {
    const mine = ev.authorId === state.identity;
    const row = document.createElement('div');
    row.className = 'row ' + (ev.authorId === 'bot' ? 'bot' : mine ? 'me' : 'other') + (ev.notice ? ' notice' : '');
    row.dataset.author = ev.authorId;
    const av = document.createElement('div'); av.className = 'avatar'; av.textContent = ev.authorId === 'bot' ? '金秋' : initials(ev.authorName);
    const col = document.createElement('div'); col.className = 'col';
    if (!mine) { const nm = document.createElement('div'); nm.className = 'name'; nm.textContent = ev.authorName + (ev.notice ? ' · 通知' : ''); col.appendChild(nm); }
    for (const it of ev.items) {
      const b = document.createElement('div'); b.className = 'bubble';
      if (it.kind === 'text') b.textContent = it.text;
      else if (it.kind === 'image') { const img = document.createElement('img'); img.src = it.url; img.alt = it.caption || '图片'; b.appendChild(img); if (it.caption) b.appendChild(document.createTextNode(it.caption)); }
      else if (it.kind === 'file') { const a = document.createElement('a'); a.className = 'file'; a.href = it.url; a.download = it.filename; a.textContent = '[文件] ' + it.filename; b.appendChild(a); if (it.caption) { b.appendChild(document.createElement('br')); b.appendChild(document.createTextNode(it.caption)); } }
      else if (it.kind === 'voice') { const au = document.createElement('audio'); au.controls = true; au.src = it.url; au.preload = 'none'; b.appendChild(au); }
      col.appendChild(b);
    }
    row.appendChild(av); row.appendChild(col);
    log.appendChild(row);
    log.scrollTop = log.scrollHeight;
  }

  function sys(t) { const d = document.createElement('div'); d.className = 'sys'; d.textContent = t; log.appendChild(d); log.scrollTop = log.scrollHeight; }

  async function poll() {
    const t = threadId();
    if (!t) return;
    const after = state.after[t] || 0;
    try {
      const r = await fetch('/api/events?thread=' + encodeURIComponent(t) + '&after=' + after);
      if (!r.ok) return;
      const { events } = await r.json();
      if (t !== threadId()) return;
      for (const ev of events) {
        if (ev.seq <= (state.after[t] || 0)) continue;
        state.after[t] = ev.seq;
        render(ev);
      }
    } catch (e) { /* the server may be restarting; the next poll tries again */ }
  }

  function switchThread(which) {
    state.thread = which;
    $('tab-private').classList.toggle('active', which === 'private');
    $('tab-group').classList.toggle('active', which === 'group');
    $('title').textContent = which === 'group' ? '老干部局工作群' : '金秋助手';
    log.innerHTML = '';
    state.after[threadId()] = 0;
    sys(which === 'group' ? '工作群：在这里说的话，金秋助手都会回答（相当于 @金秋助手）' : '私聊');
    poll();
  }

  async function send(payload) {
    if (!state.identity) { sys('请先选择身份'); return; }
    const body = Object.assign({ id: (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()), identity: state.identity, thread: state.thread }, payload);
    $('send').disabled = true;
    try {
      const r = await post('/api/messages', body);
      if (!r.ok) { const e = await r.json().catch(() => ({})); sys(e.error || '发送失败，请再试一次'); }
    } catch (e) { sys('网络不通，请稍后再试'); }
    finally { $('send').disabled = false; }
    await poll();
  }

  $('send').onclick = () => { const t = $('input').value.trim(); if (!t) return; $('input').value = ''; send({ text: t }); };
  $('input').addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); $('send').click(); } });
  $('tab-private').onclick = () => switchThread('private');
  $('tab-group').onclick = () => { if (state.kind === 'staff') switchThread('group'); };
  $('large').onchange = (e) => { document.body.classList.toggle('large', e.target.checked); localStorage.setItem('jinqiu-large', e.target.checked ? '1' : ''); };
  if (localStorage.getItem('jinqiu-large')) { $('large').checked = true; document.body.classList.add('large'); }

  $('voice-reply').onchange = async (e) => {
    if (!state.identity) return;
    await post('/api/voice-reply', { identity: state.identity, on: e.target.checked });
    sys(e.target.checked ? '已开启语音回复' : '已关闭语音回复');
  };

  $('attach').onclick = () => $('file').click();
  $('file').onchange = async (e) => {
    const f = e.target.files && e.target.files[0];
    e.target.value = '';
    if (!f) return;
    if (f.size > 10 * 1024 * 1024) { sys('文件太大了（超过10MB）'); return; }
    const b64 = await new Promise((res) => { const fr = new FileReader(); fr.onload = () => res(String(fr.result).split(',')[1]); fr.readAsDataURL(f); });
    send({ text: '', file: { base64: b64, name: f.name, mimeType: f.type || 'application/octet-stream' } });
  };

  $('mic').onclick = async () => {
    if (state.recorder) { state.recorder.stop(); return; }
    if (!navigator.mediaDevices || !window.MediaRecorder) { sys('这个浏览器不能录音，请打字'); return; }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const rec = new MediaRecorder(stream);
      const chunks = [];
      rec.ondataavailable = (e) => chunks.push(e.data);
      rec.onstop = async () => {
        stream.getTracks().forEach((t) => t.stop());
        state.recorder = null; $('mic').classList.remove('recording'); $('mic').textContent = '语音';
        const blob = new Blob(chunks, { type: rec.mimeType || 'audio/webm' });
        const b64 = await new Promise((res) => { const fr = new FileReader(); fr.onload = () => res(String(fr.result).split(',')[1]); fr.readAsDataURL(blob); });
        send({ text: '', voice: { base64: b64, mimeType: blob.type } });
      };
      rec.start(); state.recorder = rec; $('mic').classList.add('recording'); $('mic').textContent = '发送语音';
    } catch (e) { sys('没有拿到麦克风权限，请打字'); }
  };

  async function choose(id) {
    const r = await post('/api/identity', { identity: id });
    const info = await r.json();
    if (!r.ok) { sys(info.error || '身份选择失败'); return; }
    state.identity = info.identity; state.kind = info.kind; state.name = info.name; state.groupThread = info.groupThread;
    $('who').textContent = '当前身份：' + info.name + '（' + info.label + '）';
    $('voice-reply').checked = !!info.voiceReply;
    $('tab-group').disabled = info.kind !== 'staff';
    switchThread('private');
  }

  async function loadIdentities() {
    const r = await fetch('/api/identities');
    const { identities } = await r.json();
    const sel = $('identity');
    const groups = { elder: '老干部', family: '家属', staff: '工作人员', unknown: '其他' };
    sel.innerHTML = '<option value="">— 请选择 —</option>';
    for (const [k, label] of Object.entries(groups)) {
      const og = document.createElement('optgroup'); og.label = label;
      for (const i of identities.filter((x) => x.kind === k)) { const o = document.createElement('option'); o.value = i.id; o.textContent = i.name + (i.detail ? '（' + i.detail + '）' : ''); og.appendChild(o); }
      if (og.children.length) sel.appendChild(og);
    }
    sel.onchange = () => sel.value && choose(sel.value);
  }

  async function wechat() {
    try {
      const r = await fetch('/api/wechat'); const w = await r.json();
      if (w.state === 'off') { $('wechat-card').hidden = true; return; }
      $('wechat-card').hidden = false;
      $('wechat-status').textContent = w.state === 'online' ? '已登录：' + (w.user || '') : w.state === 'scan' ? '请用微信扫码登录' : '正在连接…';
      $('qr').innerHTML = w.state === 'scan' && w.qrSvg ? w.qrSvg : '';
    } catch (e) { /* retried below */ }
  }

  async function signIn(body) {
    const r = await post('/auth/login', body);
    const info = await r.json().catch(() => ({}));
    if (!r.ok) { $('login-note').textContent = info.error || '登录失败'; return; }
    state.csrf = info.csrf;
    await begin();
  }

  $('login-code').onclick = async () => {
    const staff = $('login-staff').value.trim();
    if (!staff) { $('login-note').textContent = '请先写上姓名或编号'; return; }
    const r = await post('/auth/code', { staff });
    const info = await r.json().catch(() => ({}));
    $('login-note').textContent = info.message || info.error || '';
  };
  $('login-go').onclick = () => {
    const staff = $('login-staff').value.trim();
    const secret = $('login-secret').value.trim();
    if (!staff || !secret) { $('login-note').textContent = '请写上姓名和验证码（或密码）'; return; }
    signIn(/^\d{6}$/.test(secret) ? { staff, code: secret } : { staff, password: secret });
  };

  async function begin() {
    const s = await (await fetch('/api/session', { credentials: 'same-origin' })).json();
    state.mode = s.mode;
    $('login-card').hidden = s.signedIn;
    $('identity-card').hidden = !s.signedIn;
    $('about').hidden = s.mode !== 'simulator';
    if (!s.signedIn) { sys(s.mode === 'staff' ? '请先登录' : '请刷新页面'); return; }
    state.csrf = s.csrf;
    await loadIdentities();
    if (s.kind === 'staff') { $('identity').disabled = true; await choose('staff:' + s.staffId); }
    if (s.mode === 'simulator') { wechat(); setInterval(wechat, 5000); }
    setInterval(poll, 1500);
  }

  begin();
})();
