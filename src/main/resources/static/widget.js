/*
 * Naadloos live chat: the widget a shop puts on its pages with
 *   <script src="https://support.example.nl/widget.js" data-widget="WIDGET-ACCOUNT-ID" async></script>
 * The contract (attributes, window.Naadloos, HTTP, WebSocket frames, resume) is docs/webchat.md.
 *
 * Plain JavaScript, no build step, no dependencies, no requests to anyone but the server that served this
 * script. Everything lives in an open shadow root under <div id="naadloos-widget">, so the shop's styles do
 * not reach in and ours do not leak out. Message texts are plain text: the DOM is built with createElement and
 * textContent only, and only http(s) addresses become links.
 */
(function () {
  'use strict';

  // Loaded twice (two snippets, or a page that injects it again): the first copy stays in charge.
  if (window.Naadloos && window.Naadloos.version) {
    return;
  }

  let script = document.currentScript;
  if (!script || !script.getAttribute('data-widget')) {
    script = document.querySelector('script[data-widget][src*="widget.js"]');
  }
  if (!script || !script.getAttribute('data-widget') || !window.WebSocket || !Element.prototype.attachShadow) {
    if (window.console) {
      console.warn('Naadloos: the chat widget needs a <script src=".../widget.js" data-widget="..."> tag and a current browser.');
    }
    return;
  }

  function attr(name) {
    const value = script.getAttribute('data-' + name);
    return value && value.trim() ? value.trim() : null;
  }

  const widgetId = attr('widget');
  const base = new URL('.', script.src).href; // the Naadloos server, with a trailing slash
  const apiBase = base + 'widget/api/' + encodeURIComponent(widgetId) + '/';
  const wsUrl = base.replace(/^http/, 'ws') + 'widget/ws/' + encodeURIComponent(widgetId);
  const MAX_FILES = 5;
  const MAX_TEXT = 5000;

  // ---------------------------------------------------------------------------------------------------------
  // Texts: English and Dutch. Every string the visitor sees or hears (aria labels too) is here.

  const TEXTS = {
    en: {
      open: 'Open chat', dialog: 'Chat with {0}', close: 'Close chat', menu: 'More options',
      online: 'We usually reply within minutes', away: 'We are away — leave a message and we\'ll email you',
      log: 'Conversation', message: 'Message', placeholder: 'Write a message…', send: 'Send message',
      attach: 'Attach a file', emoji: 'Insert emoji', remove: 'Remove {0}', you: 'You:',
      startTitle: 'Start a conversation', startIntro: 'Tell us a little about yourself and we\'ll be right with you.',
      awayTitle: 'Leave us a message', awayIntro: 'We\'re not here right now. Leave your question and we\'ll answer by email.',
      name: 'Name', email: 'Email', question: 'Your question', optional: 'optional',
      start: 'Start chat', leave: 'Send message',
      badEmail: 'Please enter a valid email address, like name@example.com.', required: 'Please fill in this field.',
      typing: '{0} is typing', sending: 'Sending…', sent: 'Sent', seen: 'Seen', failed: 'Not sent',
      retry: 'Retry', discard: 'Delete message', today: 'Today', yesterday: 'Yesterday', via: 'via {0}',
      rateQuestion: 'How would you rate this chat?', star: ['1 star', '2 stars', '3 stars', '4 stars', '5 stars'],
      scores: ['Very poor', 'Poor', 'Okay', 'Good', 'Excellent'],
      comment: 'Comment', commentHint: 'Anything you\'d like to add? (optional)', sendRating: 'Send rating',
      thanks: 'Thank you for your feedback!',
      transcript: 'Email transcript', transcriptTitle: 'Email this conversation',
      transcriptIntro: 'We\'ll email you a copy of this conversation.', emailAddress: 'Send to',
      sendTranscript: 'Send transcript', transcriptSent: 'We\'ve sent the conversation to {0}.',
      earlier: 'Earlier conversations', back: 'Back', conversation: 'Conversation #{0}', loading: 'Loading…',
      readOnly: 'This is an earlier conversation: you can read it here, but not reply.',
      tooBig: '“{0}” is too large: files can be up to {1}.', badType: '“{0}” can\'t be sent: this type of file isn\'t accepted.',
      tooMany: 'You can attach up to 5 files to one message.', uploadFailed: 'Upload failed', uploading: 'Uploading…',
      waitUpload: 'Please wait until your files have been uploaded.',
      connecting: 'Connecting…', reconnecting: 'Connection lost — reconnecting…',
      notConnected: 'You\'re not connected right now. Please try again in a moment.', error: 'Something went wrong. Please try again.',
      unread: ['{0} unread message', '{0} unread messages'], hidePreview: 'Hide preview',
      statuses: {open: 'Open', new: 'Open', pending: 'Waiting for you', waiting: 'Waiting for you', solved: 'Solved', closed: 'Closed'},
      channels: {email: 'email', whatsapp: 'WhatsApp', sms: 'SMS', phone: 'phone', api: 'app'}
    },
    nl: {
      open: 'Chat openen', dialog: 'Chat met {0}', close: 'Chat sluiten', menu: 'Meer opties',
      online: 'We reageren meestal binnen een paar minuten', away: 'We zijn er even niet — laat een bericht achter, dan mailen we je',
      log: 'Gesprek', message: 'Bericht', placeholder: 'Typ een bericht…', send: 'Bericht versturen',
      attach: 'Bestand toevoegen', emoji: 'Emoji invoegen', remove: '{0} verwijderen', you: 'Jij:',
      startTitle: 'Start een gesprek', startIntro: 'Vertel ons iets over jezelf, dan helpen we je zo.',
      awayTitle: 'Laat een bericht achter', awayIntro: 'We zijn er nu niet. Stel je vraag, dan antwoorden we per e-mail.',
      name: 'Naam', email: 'E-mailadres', question: 'Je vraag', optional: 'optioneel',
      start: 'Chat starten', leave: 'Bericht versturen',
      badEmail: 'Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.', required: 'Vul dit veld in.',
      typing: '{0} is aan het typen', sending: 'Versturen…', sent: 'Verzonden', seen: 'Gelezen', failed: 'Niet verzonden',
      retry: 'Opnieuw proberen', discard: 'Bericht verwijderen', today: 'Vandaag', yesterday: 'Gisteren', via: 'via {0}',
      rateQuestion: 'Hoe beoordeel je dit gesprek?', star: ['1 ster', '2 sterren', '3 sterren', '4 sterren', '5 sterren'],
      scores: ['Zeer slecht', 'Slecht', 'Redelijk', 'Goed', 'Uitstekend'],
      comment: 'Opmerking', commentHint: 'Wil je nog iets kwijt? (optioneel)', sendRating: 'Beoordeling versturen',
      thanks: 'Bedankt voor je beoordeling!',
      transcript: 'Gesprek e-mailen', transcriptTitle: 'Dit gesprek e-mailen',
      transcriptIntro: 'We mailen je een kopie van dit gesprek.', emailAddress: 'Sturen naar',
      sendTranscript: 'Kopie versturen', transcriptSent: 'We hebben het gesprek naar {0} gestuurd.',
      earlier: 'Eerdere gesprekken', back: 'Terug', conversation: 'Gesprek #{0}', loading: 'Laden…',
      readOnly: 'Dit is een eerder gesprek: je kunt het hier teruglezen, maar niet beantwoorden.',
      tooBig: '‘{0}’ is te groot: bestanden mogen maximaal {1} zijn.', badType: '‘{0}’ kan niet worden verstuurd: dit soort bestand wordt niet geaccepteerd.',
      tooMany: 'Je kunt maximaal 5 bestanden bij één bericht voegen.', uploadFailed: 'Uploaden mislukt', uploading: 'Uploaden…',
      waitUpload: 'Wacht even tot je bestanden zijn geüpload.',
      connecting: 'Verbinden…', reconnecting: 'Verbinding verbroken — opnieuw verbinden…',
      notConnected: 'Je bent nu niet verbonden. Probeer het zo nog eens.', error: 'Er ging iets mis. Probeer het nog eens.',
      unread: ['{0} ongelezen bericht', '{0} ongelezen berichten'], hidePreview: 'Voorbeeld verbergen',
      statuses: {open: 'Open', new: 'Open', pending: 'Wacht op jou', waiting: 'Wacht op jou', solved: 'Opgelost', closed: 'Gesloten'},
      channels: {email: 'e-mail', whatsapp: 'WhatsApp', sms: 'sms', phone: 'telefoon', api: 'app'}
    }
  };

  const EMOJI = ['😀', '😂', '😊', '😍', '🙂', '😉', '😅', '🤔', '😮', '😢', '😡', '😎', '🙏', '👍', '👎',
    '👏', '🙌', '👋', '💪', '🤝', '❤️', '🎉', '🔥', '✨', '✅', '❌', '⭐', '📦', '🚚', '☕'];

  // Lucide-style line icons, 24x24; several paths separated by '|'.
  const ICONS = {
    chat: 'M12 3C6.9 3 3 6.5 3 10.9c0 2.5 1.3 4.7 3.3 6.2L5.6 21l4.2-2.3c.7.1 1.4.2 2.2.2 5.1 0 9-3.5 9-7.9S17.1 3 12 3z',
    down: 'M6 9l6 6 6-6',
    close: 'M6 6l12 12|M18 6L6 18',
    more: 'M5 12h.01|M12 12h.01|M19 12h.01',
    clip: 'M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5',
    smile: 'M12 2a10 10 0 1 0 0 20 10 10 0 1 0 0-20z|M8 14s1.5 2 4 2 4-2 4-2|M9 9h.01|M15 9h.01',
    send: 'M22 2L11 13|M22 2l-7 20-4-9-9-4z',
    file: 'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z|M14 2v6h6|M8 13h8|M8 17h5',
    check: 'M20 6L9 17l-5-5',
    checks: 'M17 6L7 16.5 2.5 12|M22 8.5l-8 8-1.5-1.5',
    back: 'M19 12H5|M12 19l-7-7 7-7',
    star: 'M12 2.5l2.9 6 6.6.9-4.8 4.6 1.2 6.5L12 17.4l-5.9 3.1 1.2-6.5-4.8-4.6 6.6-.9z',
    mail: 'M3 6.5A1.5 1.5 0 0 1 4.5 5h15A1.5 1.5 0 0 1 21 6.5v11a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5z|M3.5 6l8.5 7 8.5-7',
    clock: 'M12 2a10 10 0 1 0 0 20 10 10 0 1 0 0-20z|M12 7v5l3 2',
    alert: 'M12 2a10 10 0 1 0 0 20 10 10 0 1 0 0-20z|M12 8v5|M12 16h.01'
  };

  const AVATAR_COLOURS = ['#0f766e', '#1d4ed8', '#7c3aed', '#b42318', '#b54708', '#15803d', '#a21caf', '#0369a1'];

  // ---------------------------------------------------------------------------------------------------------
  // Storage: localStorage of the shop's origin; a private window that refuses it gets a memory for this page.

  const PREFIX = 'naadloos:' + widgetId + ':';
  const memory = {};

  function load(key) {
    try {
      return window.localStorage.getItem(PREFIX + key);
    } catch (e) {
      return key in memory ? memory[key] : null;
    }
  }

  function save(key, value) {
    try {
      if (value == null) {
        window.localStorage.removeItem(PREFIX + key);
      } else {
        window.localStorage.setItem(PREFIX + key, value);
      }
    } catch (e) {
      if (value == null) {
        delete memory[key];
      } else {
        memory[key] = value;
      }
    }
  }

  // The outbox is read and written whole each time, so two tabs do not overwrite each other's messages.
  function outbox() {
    try {
      const list = JSON.parse(load('outbox') || '[]');
      return Array.isArray(list) ? list.filter(function (item) { return item && item.clientId; }) : [];
    } catch (e) {
      return [];
    }
  }

  function changeOutbox(change) {
    const list = change(outbox());
    save('outbox', list.length ? JSON.stringify(list) : null);
  }

  function dropFromOutbox(clientId) {
    changeOutbox(function (list) {
      return list.filter(function (item) { return item.clientId !== clientId; });
    });
  }

  // Whether the window was open on the previous page of this tab: it opens again after navigating.
  function session(value) {
    try {
      if (value === undefined) {
        return window.sessionStorage.getItem(PREFIX + 'open') === '1';
      }
      if (value) {
        window.sessionStorage.setItem(PREFIX + 'open', '1');
      } else {
        window.sessionStorage.removeItem(PREFIX + 'open');
      }
    } catch (e) {
      // no session storage: the window just stays closed on the next page
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------------------
  // State

  const S = {
    cfg: null,
    lang: 'en',
    locale: 'en-GB',
    open: false,
    pendingOpen: false,
    token: load('token'),
    identity: {identifier: attr('identifier'), hash: attr('hash'), name: attr('name'), email: attr('email')},
    online: true,
    contact: null,
    conversation: null,
    earlier: [],
    records: [], // {m: message object, state: 'sending' | 'sent' | 'failed' | null, error, el, meta, cont, seen}
    byId: {},
    byClient: {},
    readUpTo: null,
    view: 'chat',
    prechatDone: false,
    pendingContact: null,
    rateFor: null,
    score: 0,
    rated: {},
    unread: 0,
    lastRead: null,
    historyFor: null,
    tray: [],
    everWelcomed: false
  };

  let t = TEXTS.en;
  let ui = null;

  // ---------------------------------------------------------------------------------------------------------
  // Small helpers

  function fmt(text) {
    const args = arguments;
    return String(text).replace(/\{(\d)\}/g, function (all, index) {
      return args[Number(index) + 1];
    });
  }

  function h(tag, attrs, children) {
    const el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        const value = attrs[key];
        if (value == null || value === false) {
          return;
        }
        if (key === 'class') {
          el.className = value;
        } else if (key === 'text') {
          el.textContent = value;
        } else if (key.slice(0, 2) === 'on') {
          el.addEventListener(key.slice(2), value);
        } else {
          el.setAttribute(key, value === true ? '' : value);
        }
      });
    }
    (children || []).forEach(function (child) {
      if (child != null) {
        el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
      }
    });
    return el;
  }

  function icon(name, cls) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    if (cls) {
      svg.setAttribute('class', cls);
    }
    ICONS[name].split('|').forEach(function (d) {
      const path = document.createElementNS(ns, 'path');
      path.setAttribute('d', d);
      svg.appendChild(path);
    });
    return svg;
  }

  function button(cls, label, children, onclick) {
    return h('button', {type: 'button', class: cls, 'aria-label': label, title: label, onclick: onclick}, children);
  }

  // Only http(s) addresses, absolute or relative to the Naadloos server, are ever used as a link or image.
  function safeUrl(value) {
    if (typeof value !== 'string' || !value) {
      return null;
    }
    try {
      const url = new URL(value, base);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function isEmail(value) {
    return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[^\s@.]{2,}$/.test(value);
  }

  // Plain text with its newlines kept (CSS pre-wrap) and only http(s) addresses turned into links.
  function richText(text) {
    const out = document.createDocumentFragment();
    const pattern = /\bhttps?:\/\/[^\s<>"'`]+/gi;
    let last = 0;
    let match;
    while ((match = pattern.exec(text))) {
      let url = match[0];
      while (/[.,;:!?'"»”’\]}>]$/.test(url) || (/\)$/.test(url) && url.split('(').length < url.split(')').length)) {
        url = url.slice(0, -1);
      }
      const href = safeUrl(url);
      out.appendChild(document.createTextNode(text.slice(last, match.index)));
      out.appendChild(href
        ? h('a', {href: href, target: '_blank', rel: 'noopener noreferrer nofollow', text: url})
        : document.createTextNode(url));
      last = match.index + url.length;
      pattern.lastIndex = last;
    }
    out.appendChild(document.createTextNode(text.slice(last)));
    return out;
  }

  function initials(name) {
    const words = String(name || '?').trim().split(/\s+/).filter(function (w) { return /^[\p{L}\p{N}]/u.test(w); });
    if (!words.length) {
      return '?';
    }
    const first = Array.from(words[0])[0];
    const last = words.length > 1 ? Array.from(words[words.length - 1])[0] : '';
    return (first + last).toUpperCase();
  }

  function colourFor(name) {
    let hash = 0;
    String(name || '').split('').forEach(function (c) { hash = (hash * 31 + c.charCodeAt(0)) | 0; });
    return AVATAR_COLOURS[Math.abs(hash) % AVATAR_COLOURS.length];
  }

  function avatar(name, given, colour) {
    const el = h('span', {class: 'avatar', 'aria-hidden': 'true', text: given || initials(name)});
    el.style.setProperty('background', colour || colourFor(name));
    return el;
  }

  function size(bytes) {
    const n = Number(bytes) || 0;
    if (n < 1024) {
      return n + ' B';
    }
    if (n < 1024 * 1024) {
      return Math.round(n / 1024) + ' KB';
    }
    return (n / 1048576).toLocaleString(S.locale, {maximumFractionDigits: 1}) + ' MB';
  }

  function date(value) {
    const d = value ? new Date(value) : new Date();
    return isNaN(d.getTime()) ? new Date() : d;
  }

  function dayKey(value) {
    return date(value).toDateString();
  }

  function dayLabel(value) {
    const d = date(value);
    const today = new Date();
    const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
    if (d.toDateString() === today.toDateString()) {
      return t.today;
    }
    if (d.toDateString() === yesterday.toDateString()) {
      return t.yesterday;
    }
    const options = {weekday: 'long', day: 'numeric', month: 'long'};
    if (d.getFullYear() !== today.getFullYear()) {
      options.year = 'numeric';
    }
    return d.toLocaleDateString(S.locale, options);
  }

  function time(value) {
    return date(value).toLocaleTimeString(S.locale, {hour: 'numeric', minute: '2-digit'});
  }

  function visible() {
    return document.visibilityState !== 'hidden';
  }

  function newClientId() {
    const bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return 'c_' + Date.now().toString(36) + '_' + Array.from(bytes, function (b) {
      return (b < 16 ? '0' : '') + b.toString(16);
    }).join('');
  }

  // ---------------------------------------------------------------------------------------------------------
  // Colours: the brand colour from the settings, with white or near-black on it, whichever reads better.

  function rgb(hex) {
    let value = String(hex || '').trim().replace(/^#/, '');
    if (/^[0-9a-f]{3}$/i.test(value)) {
      value = value.replace(/./g, '$&$&');
    }
    if (!/^[0-9a-f]{6}$/i.test(value)) {
      return null;
    }
    return [0, 2, 4].map(function (i) { return parseInt(value.slice(i, i + 2), 16); });
  }

  function luminance(c) {
    const lin = c.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  }

  function contrast(a, b) {
    const la = luminance(a);
    const lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function palette(colour) {
    const brand = rgb(colour) || rgb('#0f766e');
    const white = [255, 255, 255];
    const ink = [17, 24, 39];
    const onWhite = contrast(brand, white) >= contrast(brand, ink);
    const hex = '#' + brand.map(function (v) { return (v < 16 ? '0' : '') + v.toString(16); }).join('');
    const onBrandWhite = contrast(brand, white);
    return {
      '--brand': hex,
      '--on': onWhite ? '#ffffff' : '#111827',
      '--tint': onWhite ? 'rgba(255,255,255,.18)' : 'rgba(0,0,0,.08)',
      // Behind text in the brand's text colour: darker under white, lighter under ink, so contrast only grows.
      '--badge': onWhite ? 'rgba(0,0,0,.2)' : 'rgba(255,255,255,.4)',
      '--ring': onBrandWhite >= 3 ? hex : '#1f2937',
      '--link': onBrandWhite >= 4.5 ? hex : '#1d4ed8',
      '--halo': 'rgba(' + (onBrandWhite >= 3 ? brand : [31, 41, 55]).join(',') + ',.22)'
    };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Styles (inside the shadow root only)

  const CSS = `
:host { all: initial; }
.root {
  --ink: #1d2433; --muted: #596170; --line: #e3e6ea; --edge: #858c98; --bg: #f5f6f8; --bad: #b42318;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif,
    "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
  color: var(--ink); text-align: left; direction: ltr; -webkit-font-smoothing: antialiased;
}
.root *, .root *::before, .root *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.sr { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
h2, p { margin: 0; font: inherit; }
button { font: inherit; color: inherit; background: none; border: 0; margin: 0; padding: 0; cursor: pointer;
  -webkit-tap-highlight-color: transparent; }
button:disabled { cursor: default; }
input, textarea { font: inherit; color: inherit; margin: 0; }
a { color: var(--link); }
svg { width: 20px; height: 20px; flex: none; display: block; fill: none; stroke: currentColor; stroke-width: 2;
  stroke-linecap: round; stroke-linejoin: round; }
:focus { outline: none; }
:focus-visible { outline: 2px solid var(--ring); outline-offset: 2px; }
.ibtn { width: 40px; height: 40px; border-radius: 10px; display: inline-flex; align-items: center;
  justify-content: center; flex: none; color: var(--muted); transition: background .15s, color .15s; }
.ibtn:hover { background: #eef0f3; color: var(--ink); }
.ibtn:disabled { opacity: .45; background: none; }

.launcher { position: fixed; bottom: 20px; right: 20px; width: 60px; height: 60px; border-radius: 50%;
  background: var(--brand); color: var(--on); display: flex; align-items: center; justify-content: center;
  box-shadow: 0 6px 18px rgba(16,24,40,.24), 0 2px 5px rgba(16,24,40,.14);
  transition: transform .2s ease, box-shadow .2s ease; animation: rise .35s ease-out; }
.left .launcher { right: auto; left: 20px; }
.launcher:hover { transform: scale(1.06); box-shadow: 0 8px 24px rgba(16,24,40,.28), 0 2px 6px rgba(16,24,40,.14); }
.launcher:focus-visible { outline: none; box-shadow: 0 0 0 3px #fff, 0 0 0 6px #1d2433; }
.launcher svg { position: absolute; width: 30px; height: 30px; transition: transform .25s ease, opacity .2s ease; }
.launcher .ic-chat { fill: currentColor; stroke: none; }
.launcher .ic-down { opacity: 0; transform: rotate(-90deg) scale(.6); stroke-width: 2.4; }
.open .launcher .ic-chat { opacity: 0; transform: rotate(90deg) scale(.6); }
.open .launcher .ic-down { opacity: 1; transform: none; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 24px; height: 24px; padding: 0 6px;
  border-radius: 12px; background: #d92d20; color: #fff; font-size: 12px; font-weight: 700; line-height: 20px;
  text-align: center; border: 2px solid #fff; animation: pop .25s ease-out; }

.panel { position: fixed; bottom: 92px; right: 20px; width: 380px; height: 600px; max-height: calc(100vh - 112px);
  max-width: calc(100vw - 40px); display: flex; flex-direction: column; background: #fff; border-radius: 16px;
  overflow: hidden; box-shadow: 0 18px 50px rgba(16,24,40,.20), 0 4px 12px rgba(16,24,40,.08);
  transform-origin: bottom right; animation: pop .22s ease-out; }
.left .panel { right: auto; left: 20px; transform-origin: bottom left; }
@keyframes pop { from { opacity: 0; transform: translateY(14px) scale(.97); } }
@keyframes rise { from { opacity: 0; transform: translateY(8px); } }

.head { position: relative; z-index: 2; flex: none; display: flex; align-items: center; gap: 10px;
  padding: 12px 6px 12px 14px; background: var(--brand); color: var(--on); }
.hbtns { display: flex; flex: none; }
.ic-more { stroke-width: 3.4; }
.head .ibtn { color: var(--on); }
.head .ibtn:hover { background: var(--tint); }
.head :focus-visible { outline-color: var(--on); outline-offset: -3px; }
.team { position: relative; width: 40px; height: 40px; border-radius: 50%; background: var(--badge); flex: none;
  display: flex; align-items: center; justify-content: center; font-weight: 700; font-size: 15px; }
.team::after { content: ''; position: absolute; right: -1px; bottom: -1px; width: 12px; height: 12px;
  border-radius: 50%; background: #98a2b3; border: 2px solid var(--brand); }
.is-online .team::after { background: #22c55e; }
.htext { flex: 1; min-width: 0; }
.htitle { font-size: 16px; font-weight: 650; line-height: 1.3; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.hsub { font-size: 13px; line-height: 1.35; margin-top: 2px; }

.menu { position: absolute; top: calc(100% - 4px); right: 8px; z-index: 3; min-width: 230px; padding: 6px;
  color: var(--ink); background: #fff;
  border: 1px solid var(--line); border-radius: 12px; box-shadow: 0 12px 32px rgba(16,24,40,.18);
  animation: rise .15s ease-out; }
.menu button { display: flex; align-items: center; gap: 10px; width: 100%; min-height: 42px; padding: 8px 10px;
  border-radius: 8px; text-align: left; font-size: 14.5px; }
.menu button svg { color: var(--muted); }
.menu button:hover { background: #f1f3f5; }
.menu button:focus-visible { outline-color: var(--ring); outline-offset: -2px; }

.notice { flex: none; padding: 9px 16px; font-size: 13.5px; background: #eef4ff; color: #1e3a66;
  border-bottom: 1px solid #d5e3fa; }
.notice.bad { background: #fef3f2; color: #912018; border-color: #fcd9d5; }
.notice:empty { padding: 0; border: 0; }
.conn { flex: none; padding: 7px 16px; font-size: 13px; background: #fffaeb; color: #7a4a00;
  border-bottom: 1px solid #fde7b0; }

.body { flex: 1; min-height: 0; display: flex; flex-direction: column; background: var(--bg); position: relative; }
.view { flex: 1; min-height: 0; display: flex; flex-direction: column; }
.scroll { flex: 1; min-height: 0; overflow-y: auto; padding: 6px 14px 16px; overscroll-behavior: contain;
  scrollbar-width: thin; }

.row { display: flex; align-items: flex-start; gap: 8px; margin-top: 14px; animation: rise .2s ease-out; }
.row.cont { margin-top: 4px; }
.row.me { flex-direction: row-reverse; }
.avatar { width: 30px; height: 30px; border-radius: 50%; color: #fff; font-size: 12px; font-weight: 650;
  display: flex; align-items: center; justify-content: center; flex: none; margin-top: 21px; letter-spacing: .02em; }
.row.cont .avatar { visibility: hidden; height: 1px; }
.col { display: flex; flex-direction: column; align-items: flex-start; max-width: 80%; min-width: 0; }
.me .col { align-items: flex-end; }
.who { font-size: 12.5px; color: var(--muted); margin: 0 0 4px 2px; font-weight: 500; }
.bubble { max-width: 100%; padding: 9px 13px; border-radius: 18px; background: #fff; border: 1px solid var(--line);
  white-space: pre-wrap; overflow-wrap: anywhere; box-shadow: 0 1px 2px rgba(16,24,40,.05); }
.agent .bubble { border-top-left-radius: 6px; }
.me .bubble { background: var(--brand); color: var(--on); border-color: transparent; border-top-right-radius: 6px; }
.me .bubble a { color: inherit; }
.me .bubble :focus-visible { outline-color: var(--on); }
.bubble.media { padding: 4px; }
.files { display: flex; flex-direction: column; gap: 6px; margin-top: 8px; white-space: normal; }
.media .files { margin-top: 0; }
.thumb { display: block; border-radius: 14px; }
.thumb img { display: block; max-width: 220px; max-height: 240px; width: auto; height: auto; border-radius: 14px;
  background: #eceef1; }
.file { display: flex; align-items: center; gap: 10px; min-width: 190px; max-width: 250px; padding: 8px 12px 8px 8px;
  border-radius: 14px; background: #f2f4f7; color: var(--ink); text-decoration: none; }
.me .file { background: var(--badge); color: var(--on); }
.fi { width: 38px; height: 38px; border-radius: 9px; background: #fff; color: #b42318; display: flex;
  align-items: center; justify-content: center; flex: none; }
.fname { display: block; font-weight: 600; font-size: 13.5px; line-height: 1.3; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
.fsize { display: block; font-size: 12px; line-height: 1.3; margin-top: 1px; }
.meta { display: flex; flex-wrap: wrap; align-items: center; justify-content: flex-end; gap: 4px; margin: 4px 4px 0;
  font-size: 12px; color: var(--muted); }
.agent .meta { justify-content: flex-start; }
.meta svg { width: 16px; height: 16px; }
.meta .ok { display: inline-flex; align-items: center; gap: 3px; }
.meta .seen { color: var(--link); font-weight: 500; }
.row:has(+ .row.cont) .meta { display: none; }
.row.failed .meta, .row.sending .meta { display: flex !important; }
.failed .bubble { box-shadow: 0 0 0 2px #f04438; }
.meta .err { flex-basis: 100%; text-align: right; color: var(--bad); font-size: 12.5px; }
.meta .act { min-height: 40px; padding: 0 6px; color: var(--link); font-weight: 600; text-decoration: underline;
  font-size: 12.5px; }
.meta .act + .act { color: var(--muted); }
.day { display: flex; align-items: center; gap: 10px; margin: 16px 0 2px; font-size: 12px; color: var(--muted);
  font-weight: 500; }
.day::before, .day::after { content: ''; flex: 1; height: 1px; background: var(--line); }
.sys { margin: 14px 16px 0; text-align: center; font-size: 12.5px; color: var(--muted); white-space: pre-wrap; }

.typing { align-items: center; }
.typing .avatar { margin-top: 0; }
.typing .bubble { display: flex; align-items: center; gap: 4px; padding: 14px 15px; }
.dot { width: 7px; height: 7px; border-radius: 50%; background: #8d95a1; animation: blink 1.2s infinite ease-in-out; }
.dot:nth-child(2) { animation-delay: .15s; }
.dot:nth-child(3) { animation-delay: .3s; }
@keyframes blink { 0%, 60%, 100% { transform: translateY(0); opacity: .55; } 30% { transform: translateY(-3px); opacity: 1; } }

.card { margin-top: 16px; padding: 16px; background: #fff; border: 1px solid var(--line); border-radius: 14px;
  box-shadow: 0 1px 3px rgba(16,24,40,.06); animation: rise .25s ease-out; }
.card h2 { font-size: 16px; font-weight: 650; line-height: 1.35; }
.intro { margin-top: 4px; color: var(--muted); font-size: 14px; }
.fld { margin-top: 14px; }
.fld label { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; margin-bottom: 5px;
  font-size: 13.5px; font-weight: 600; }
.opt { font-weight: 400; color: var(--muted); font-size: 12.5px; }
.inp { display: block; width: 100%; min-height: 42px; padding: 9px 12px; background: #fff; border: 1px solid var(--edge);
  border-radius: 10px; transition: border-color .15s, box-shadow .15s; }
.inp:focus { outline: none; border-color: var(--ring); box-shadow: 0 0 0 3px var(--halo); }
.inp[aria-invalid="true"] { border-color: #d92d20; }
textarea.inp { min-height: 84px; resize: vertical; }
.error { margin-top: 5px; color: var(--bad); font-size: 13px; }
.primary { display: flex; align-items: center; justify-content: center; gap: 8px; width: 100%; min-height: 44px;
  margin-top: 16px; padding: 0 16px; border-radius: 10px; background: var(--brand); color: var(--on); font-weight: 600;
  transition: filter .15s; }
.primary:hover { filter: brightness(1.08); }
.primary:disabled { opacity: .6; filter: none; }

.rating { text-align: center; }
.stars { display: flex; justify-content: center; gap: 2px; margin-top: 10px; }
.star { width: 44px; height: 44px; border-radius: 10px; display: flex; align-items: center; justify-content: center;
  transition: transform .1s; }
.star:hover { transform: scale(1.1); }
.star svg { width: 30px; height: 30px; fill: transparent; stroke: #7d8592; stroke-width: 1.5; transition: fill .1s; }
.star.on svg, .stars:hover .star svg { fill: #f5a524; stroke: #a15c07; }
.stars .star:hover ~ .star svg { fill: transparent; stroke: #7d8592; }
.slabel:empty { display: none; }
.slabel { margin-top: 2px; font-size: 13px; color: var(--muted); }
.rating .fld { text-align: left; }
.thanks { display: flex; align-items: center; justify-content: center; gap: 8px; font-weight: 600; }
.thanks svg { color: #15803d; }

.composer { flex: none; position: relative; padding: 10px 12px 12px; background: #fff; border-top: 1px solid var(--line); }
.box { display: flex; align-items: flex-end; gap: 8px; }
.field { flex: 1; min-width: 0; display: flex; align-items: flex-end; padding: 0 2px 0 14px; background: #fff;
  border: 1px solid var(--edge); border-radius: 22px; transition: border-color .15s, box-shadow .15s; }
.field:focus-within { border-color: var(--ring); box-shadow: 0 0 0 3px var(--halo); }
.msg { flex: 1; min-width: 0; height: 40px; max-height: 140px; padding: 10px 0; line-height: 20px; border: 0;
  background: transparent; resize: none; outline: none; }
.msg::placeholder, .inp::placeholder { color: #6b7280; opacity: 1; }
.field .ibtn { border-radius: 50%; }
.sendb { width: 42px; height: 42px; border-radius: 50%; background: var(--brand); color: var(--on); display: flex;
  align-items: center; justify-content: center; flex: none; transition: background .15s, transform .1s; }
.sendb:active:not(:disabled) { transform: scale(.94); }
.sendb:disabled { background: #e4e7ec; color: #667085; }
.sendb svg { margin-left: -2px; }
.tray { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 8px; }
.chip { display: flex; align-items: center; gap: 8px; max-width: 100%; padding: 3px 0 3px 4px; font-size: 13px;
  background: #f9fafb; border: 1px solid var(--line); border-radius: 12px; }
.chip img, .chip .fi { width: 38px; height: 38px; border-radius: 8px; object-fit: cover; flex: none; }
.chip .fi { background: #fff; border: 1px solid var(--line); }
.cname { display: block; max-width: 150px; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.csub { display: block; color: var(--muted); font-size: 12px; }
.chip.bad { border-color: #f04438; }
.chip.bad .csub { color: var(--bad); white-space: normal; max-width: 200px; }
.bar { display: block; width: 110px; height: 3px; margin-top: 4px; background: #e4e7ec; border-radius: 2px; overflow: hidden; }
.bar i { display: block; width: 40%; height: 100%; background: var(--ring); border-radius: 2px; animation: busy 1.1s infinite ease-in-out; }
@keyframes busy { from { transform: translateX(-100%); } to { transform: translateX(275%); } }
.emojis { position: absolute; bottom: calc(100% + 6px); right: 12px; z-index: 2; display: grid;
  grid-template-columns: repeat(6, 40px); gap: 2px; padding: 8px; background: #fff; border: 1px solid var(--line);
  border-radius: 14px; box-shadow: 0 12px 32px rgba(16,24,40,.18); animation: rise .15s ease-out; }
.emojis button { width: 40px; height: 40px; border-radius: 8px; font-size: 22px; line-height: 1; }
.emojis button:hover { background: #f1f3f5; }

.sheet { flex: 1; min-height: 0; overflow-y: auto; background: var(--bg); }
.sheethead { position: sticky; top: 0; z-index: 1; display: flex; align-items: center; gap: 6px;
  padding: 6px 14px 6px 6px; background: #fff; border-bottom: 1px solid var(--line); }
.sheethead h2 { flex: 1; min-width: 0; font-size: 15px; font-weight: 650; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
.sheetbody { padding: 4px 14px 16px; }
.conv { display: block; width: 100%; margin-top: 10px; padding: 12px 14px; text-align: left; background: #fff;
  border: 1px solid var(--line); border-radius: 12px; transition: border-color .15s, box-shadow .15s; }
.conv:hover { border-color: #b9bfc8; box-shadow: 0 2px 8px rgba(16,24,40,.06); }
.conv .s { display: block; font-weight: 600; }
.conv .p { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; margin-top: 2px;
  color: var(--muted); font-size: 13.5px; }
.conv .d { display: block; margin-top: 6px; color: var(--muted); font-size: 12px; }
.note { margin: 16px 8px 0; color: var(--muted); font-size: 13px; text-align: center; }

.preview { position: fixed; bottom: 92px; right: 20px; width: 300px; max-width: calc(100vw - 40px); display: flex;
  align-items: flex-start; background: #fff; border: 1px solid var(--line); border-radius: 14px;
  box-shadow: 0 12px 32px rgba(16,24,40,.18); animation: rise .25s ease-out; }
.left .preview { right: auto; left: 20px; }
.pv-open { flex: 1; min-width: 0; display: flex; gap: 10px; padding: 12px 0 12px 12px; text-align: left; border-radius: 14px; }
.pv-open .avatar { margin-top: 0; }
.pv-open:focus-visible { outline-offset: -2px; }
.pv-name { display: block; font-size: 12.5px; font-weight: 600; color: var(--muted); }
.pv-text { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; font-size: 14px; }

@media (max-width: 479px) {
  .panel { top: 0; left: 0; right: 0; bottom: 0; width: auto; height: auto; max-width: none; max-height: none;
    border-radius: 0; }
  .left .panel { left: 0; }
  .open .launcher { display: none; }
  .msg, .inp { font-size: 16px; }
}
@media (prefers-reduced-motion: reduce) {
  .root *, .root *::before, .root *::after { animation: none !important; transition: none !important; }
}
`;

  // ---------------------------------------------------------------------------------------------------------
  // The connection

  let ws = null;
  let welcomed = false;
  let wanted = false;
  let attempt = 0;
  let retryTimer = null;
  let pingTimer = null;
  let pongTimer = null;

  function connect() {
    wanted = true;
    if (ws || !S.cfg) {
      return;
    }
    clearTimeout(retryTimer);
    retryTimer = null;
    let socket;
    try {
      socket = new WebSocket(wsUrl);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    ws = socket;
    welcomed = false;
    socket.onopen = function () {
      if (socket !== ws) {
        return;
      }
      const id = S.identity;
      raw({
        type: 'hello', token: S.token || null, identifier: id.identifier, hash: id.hash, name: id.name,
        email: id.email, language: S.lang, page: {url: location.href, title: document.title}
      });
      pingTimer = setInterval(ping, 25000);
    };
    socket.onmessage = function (event) {
      if (socket !== ws) {
        return;
      }
      clearTimeout(pongTimer);
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (frame && typeof frame.type === 'string') {
        handle(frame);
      }
    };
    socket.onclose = function () {
      if (socket === ws) {
        disconnect(true);
      }
    };
    updateConn();
  }

  function disconnect(reconnect) {
    const old = ws;
    ws = null;
    welcomed = false;
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
    if (old) {
      old.onopen = old.onmessage = old.onclose = null;
      try {
        old.close();
      } catch (e) {
        // already closed
      }
    }
    hideTyping();
    if (reconnect && wanted) {
      scheduleReconnect();
    }
    updateConn();
  }

  function scheduleReconnect() {
    clearTimeout(retryTimer);
    const seconds = Math.min(30, Math.pow(2, attempt));
    attempt++;
    retryTimer = setTimeout(function () {
      retryTimer = null;
      connect();
    }, seconds * 1000 * (1 + Math.random() * 0.3));
  }

  function reconnectNow() {
    attempt = 0;
    disconnect(false);
    connect();
  }

  function raw(frame) {
    if (ws && ws.readyState === 1) {
      ws.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  // Everything but hello waits for the welcome.
  function send(frame) {
    return welcomed && raw(frame);
  }

  function ping() {
    if (raw({type: 'ping'})) {
      clearTimeout(pongTimer);
      pongTimer = setTimeout(function () { disconnect(true); }, 10000);
    }
  }

  function handle(frame) {
    switch (frame.type) {
      case 'welcome': return onWelcome(frame);
      case 'ack': return onAck(frame);
      case 'message': return onMessage(frame.message);
      case 'typing': return frame.on ? showTyping(frame.name) : hideTyping();
      case 'read': S.readUpTo = frame.upTo; return refreshSeen();
      case 'conversation': return onConversation(frame);
      case 'availability': S.online = frame.online !== false; return refreshOnline();
      case 'history': return onHistory(frame);
      case 'transcript-sent': return onTranscriptSent(frame);
      case 'rated': return onRated(frame);
      case 'error': return onError(frame);
      default: return undefined;
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Frames from the server

  function onWelcome(frame) {
    welcomed = true;
    S.everWelcomed = true;
    attempt = 0;
    if (frame.token && frame.token !== S.token) {
      S.token = frame.token;
      save('token', frame.token);
    }
    S.contact = frame.contact || S.contact;
    if (typeof frame.online === 'boolean') {
      S.online = frame.online;
    }
    const conversation = frame.conversation || null;
    if (!conversation || (S.conversation && conversation.number !== S.conversation.number)) {
      resetMessages(); // another (or no) conversation than the one on screen
    }
    S.conversation = conversation;
    save('conversation', conversation ? String(conversation.number) : null);
    S.earlier = Array.isArray(frame.earlier) ? frame.earlier : [];
    S.readUpTo = frame.readUpTo || null;

    ui.log.setAttribute('aria-busy', 'true');
    (Array.isArray(frame.messages) ? frame.messages : []).forEach(function (m) { merge(m, true); });
    // Messages this browser sent that were not stored yet: on screen again, and sent again with the same clientId.
    outbox().forEach(function (item) {
      let rec = S.byClient[item.clientId];
      if (rec && rec.state === 'sent') {
        dropFromOutbox(item.clientId); // stored after all: the ack was lost with the connection
        return;
      }
      if (!rec) {
        rec = addRecord(itemMessage(item), item.failed ? 'failed' : 'sending', true);
        rec.error = item.error;
        paintMeta(rec);
      }
      if (!item.failed) {
        transmit(item);
      }
    });
    ui.log.setAttribute('aria-busy', 'false');
    refreshSeen();

    S.unread = S.records.filter(function (r) {
      return r.m.from === 'agent' && r.m.status && r.m.status !== 'read';
    }).length;
    updateBadge();

    if (conversation && conversation.rate) {
      askRating(conversation.number);
    } else if (!conversation || S.rateFor !== conversation.number) {
      ui.ratingHost.textContent = '';
      S.rateFor = null;
    }
    S.tray.forEach(function (item) {
      if (item.state === 'waiting') {
        upload(item);
      }
    });
    refreshOnline();
    updateMenu();
    updateConn();
    if (S.view === 'chat' || S.view === 'prechat') {
      const form = ui.prechatHost.firstChild;
      if (!(S.view === 'prechat' && form && form.dirty)) {
        setView(needsPrechat() ? 'prechat' : 'chat');
      }
    }
    scrollDown();
    sendRead();
  }

  function onAck(frame) {
    const m = Object.assign({}, frame.message || {}, {clientId: frame.clientId});
    const rec = merge(m.id ? m : null) || S.byClient[frame.clientId];
    dropFromOutbox(frame.clientId);
    if (rec && rec.state !== 'sent') {
      rec.state = 'sent';
      paintMeta(rec);
    }
    noteConversation(m.conversation);
  }

  function onMessage(m) {
    if (!m || typeof m !== 'object') {
      return;
    }
    const known = (m.id && S.byId[m.id]) || (m.clientId && S.byClient[m.clientId]);
    merge(m, false);
    noteConversation(m.conversation);
    if (known || m.from === 'visitor') {
      return;
    }
    hideTyping();
    if (S.open && visible()) {
      sendRead();
    } else {
      S.unread++;
      updateBadge();
      if (!S.open && m.from === 'agent') {
        showPreview(m);
      }
    }
  }

  function noteConversation(number) {
    if (number && !S.conversation) {
      S.conversation = {number: number, status: 'open', rate: false};
      save('conversation', String(number));
      updateMenu();
    }
  }

  function onConversation(frame) {
    S.conversation = {number: frame.number, status: frame.status, rate: !!frame.rate};
    save('conversation', frame.number ? String(frame.number) : null);
    if (frame.rate) {
      askRating(frame.number);
    } else if (S.rateFor === frame.number && !S.rated[frame.number]) {
      ui.ratingHost.textContent = '';
      S.rateFor = null;
    }
    updateMenu();
  }

  function onError(frame) {
    const message = frame.message || t.error;
    if (frame.code === 'unauthorised') {
      // A forged or outdated hash: go on as an anonymous visitor.
      S.identity.identifier = null;
      S.identity.hash = null;
      reconnectNow();
      return;
    }
    const rec = frame.clientId && S.byClient[frame.clientId];
    if (rec) {
      if (frame.code === 'rate-limited') {
        setTimeout(function () { resend(frame.clientId); }, Math.max(1, Number(frame.retryAfter) || 5) * 1000);
      } else {
        failed(rec, message);
      }
      return;
    }
    // A refused request that is not a message: transcript, rating, history.
    ui.root.querySelectorAll('[data-busy]').forEach(function (b) {
      b.disabled = false;
      b.removeAttribute('data-busy');
    });
    if (S.view === 'history' && frame.code === 'not-found') {
      setView('earlier');
    }
    notice(message, true);
  }

  function onHistory(frame) {
    if (S.view !== 'history' || String(frame.conversation) !== String(S.historyFor)) {
      return;
    }
    const list = ui.historyLog;
    list.textContent = '';
    let prev = null;
    (Array.isArray(frame.messages) ? frame.messages : []).forEach(function (m) {
      const rec = {m: m, state: null};
      placeRow(list, rec, prev, true);
      prev = rec;
    });
    list.appendChild(h('p', {class: 'note', text: t.readOnly}));
    list.setAttribute('aria-busy', 'false');
  }

  function onTranscriptSent(frame) {
    setView('chat');
    notice(fmt(t.transcriptSent, frame.email || ''), false);
    focusFirst();
  }

  function onRated(frame) {
    S.rated[frame.conversation] = true;
    if (S.rateFor == null || String(S.rateFor) === String(frame.conversation)) {
      ui.ratingHost.textContent = '';
      ui.ratingHost.appendChild(h('div', {class: 'card rating', role: 'status'}, [
        h('p', {class: 'thanks'}, [icon('check'), t.thanks])
      ]));
      scrollDown();
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Messages: records in order, de-duplicated by id and clientId

  function register(rec) {
    if (rec.m.id) {
      S.byId[rec.m.id] = rec;
    }
    if (rec.m.clientId) {
      S.byClient[rec.m.clientId] = rec;
    }
  }

  function resetMessages() {
    S.records = [];
    S.byId = {};
    S.byClient = {};
    S.lastRead = null;
    if (ui) {
      renderLog();
    }
  }

  // A message from the server: updates the one on screen (same id, or own message by clientId), or is added.
  function merge(m, quiet) {
    if (!m || typeof m !== 'object') {
      return null;
    }
    const rec = (m.id && S.byId[m.id]) || (m.clientId && S.byClient[m.clientId]);
    if (!rec) {
      return addRecord(m, m.from === 'visitor' ? 'sent' : null, quiet);
    }
    const oldFiles = rec.m.files || [];
    rec.m = Object.assign({}, rec.m, m);
    if (rec.m.from === 'visitor' && rec.state !== 'sent') {
      rec.state = 'sent';
      dropFromOutbox(rec.m.clientId);
    }
    register(rec);
    if (oldFiles.length || (m.files && m.files.length)) {
      oldFiles.forEach(function (f) {
        if (f.local && m.files) {
          URL.revokeObjectURL(f.local); // the server's copy is shown from now on
        }
      });
      const old = rec.el;
      buildRow(rec, false);
      old.replaceWith(rec.el);
    } else {
      paintMeta(rec);
    }
    return rec;
  }

  function addRecord(m, state, quiet) {
    const rec = {m: m, state: state};
    const prev = S.records[S.records.length - 1] || null;
    S.records.push(rec);
    register(rec);
    const near = isNearBottom();
    placeRow(ui.log, rec, prev, false);
    if (!quiet && (near || m.from === 'visitor')) {
      scrollDown();
    }
    return rec;
  }

  function itemMessage(item) {
    return {
      clientId: item.clientId, from: 'visitor', author: null, text: item.text || '', at: item.at,
      files: (item.info || []).map(function (f) {
        return {name: f.name, type: f.type, size: f.size, image: false, local: f.local};
      })
    };
  }

  function transmit(item) {
    const frame = {type: 'message', clientId: item.clientId, text: item.text || '', files: item.files || []};
    if (item.contact) {
      frame.contact = item.contact;
    }
    return send(frame);
  }

  function resend(clientId) {
    const item = outbox().filter(function (i) { return i.clientId === clientId; })[0];
    if (item && !item.failed) {
      transmit(item);
    }
  }

  function failed(rec, message) {
    rec.state = 'failed';
    rec.error = message;
    changeOutbox(function (list) {
      return list.map(function (i) {
        return i.clientId === rec.m.clientId ? Object.assign({}, i, {failed: true, error: message}) : i;
      });
    });
    const near = isNearBottom();
    paintMeta(rec);
    if (near) {
      scrollDown();
    }
  }

  function retry(rec) {
    rec.state = 'sending';
    rec.error = null;
    changeOutbox(function (list) {
      return list.map(function (i) {
        return i.clientId === rec.m.clientId ? Object.assign({}, i, {failed: false, error: null}) : i;
      });
    });
    paintMeta(rec);
    connect();
    resend(rec.m.clientId);
  }

  function discard(rec) {
    dropFromOutbox(rec.m.clientId);
    S.records = S.records.filter(function (r) { return r !== rec; });
    delete S.byClient[rec.m.clientId];
    renderLog();
    focusFirst();
  }

  function sendMessage(text, items) {
    const item = {
      clientId: newClientId(), text: text, at: new Date().toISOString(),
      files: items.map(function (i) { return i.token; }),
      info: items.map(function (i) { return {name: i.name, type: i.type, size: i.size}; })
    };
    if (S.pendingContact) {
      item.contact = S.pendingContact;
      S.pendingContact = null;
    }
    changeOutbox(function (list) { return list.concat([item]); });
    const m = itemMessage(item);
    m.files.forEach(function (f, index) {
      f.local = items[index].preview; // this page's own blob: preview of an image, until the server's copy comes
    });
    addRecord(m, 'sending', false);
    connect();
    transmit(item);
  }

  // Agents have seen the visitor's messages up to readUpTo: those get "Seen".
  function refreshSeen() {
    let index = -1;
    S.records.forEach(function (r, i) {
      if (S.readUpTo && r.m.id === S.readUpTo) {
        index = i;
      }
    });
    if (index < 0) {
      return;
    }
    S.records.forEach(function (r, i) {
      const seen = r.m.from === 'visitor' && i <= index;
      if (seen !== !!r.seen) {
        r.seen = seen;
        paintMeta(r);
      }
    });
  }

  function sendRead() {
    if (!S.open || !visible()) {
      return;
    }
    if (S.unread) {
      S.unread = 0;
      updateBadge();
    }
    let last = null;
    for (let i = S.records.length - 1; i >= 0 && !last; i--) {
      if (S.records[i].m.id && S.records[i].m.from !== 'visitor') {
        last = S.records[i];
      }
    }
    if (last && last.m.id !== S.lastRead && send({type: 'read', upTo: last.m.id})) {
      S.lastRead = last.m.id;
      S.records.forEach(function (r) {
        if (r.m.from === 'agent') {
          r.m.status = 'read';
        }
      });
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Rendering the messages

  function sameGroup(a, b) {
    return a.m.from === b.m.from && a.m.from !== 'system'
      && ((a.m.author && a.m.author.name) || '') === ((b.m.author && b.m.author.name) || '')
      && dayKey(a.m.at) === dayKey(b.m.at)
      && Math.abs(date(b.m.at) - date(a.m.at)) < 5 * 60 * 1000;
  }

  function placeRow(container, rec, prev, readonly) {
    if (!prev || dayKey(prev.m.at) !== dayKey(rec.m.at)) {
      container.appendChild(h('div', {class: 'day', text: dayLabel(rec.m.at)}));
    }
    rec.cont = !!prev && sameGroup(prev, rec);
    container.appendChild(buildRow(rec, readonly));
  }

  function renderLog() {
    const log = ui.log;
    log.setAttribute('aria-busy', 'true');
    log.textContent = '';
    const greeting = greetingText();
    if (greeting) {
      log.appendChild(h('div', {class: 'row agent greeting'}, [
        avatar(S.cfg.name, null, 'var(--brand)'),
        h('div', {class: 'col'}, [
          h('div', {class: 'who', text: S.cfg.name}),
          h('div', {class: 'bubble'}, [richText(greeting)])
        ])
      ]));
      log.lastChild.firstChild.style.setProperty('color', 'var(--on)');
    }
    let prev = null;
    S.records.forEach(function (rec) {
      placeRow(log, rec, prev, false);
      prev = rec;
    });
    log.setAttribute('aria-busy', 'false');
  }

  function buildRow(rec, readonly) {
    const m = rec.m;
    if (m.from === 'system') {
      rec.el = h('div', {class: 'sys', text: m.text || ''});
      return rec.el;
    }
    const mine = m.from === 'visitor';
    const name = (m.author && m.author.name) || S.cfg.name;
    const row = h('div', {class: 'row ' + (mine ? 'me' : 'agent') + (rec.cont ? ' cont' : '')});
    if (!mine) {
      row.appendChild(avatar(name, m.author && m.author.initials));
    }
    const col = h('div', {class: 'col'});
    col.appendChild(mine
      ? h('span', {class: 'sr', text: t.you})
      : h('div', {class: rec.cont ? 'sr' : 'who', text: name}));
    const bubble = h('div', {class: 'bubble'});
    if (m.text) {
      bubble.appendChild(h('div', {class: 'text'}, [richText(String(m.text))]));
    }
    const files = Array.isArray(m.files) ? m.files : [];
    if (files.length) {
      bubble.appendChild(h('div', {class: 'files'}, files.map(function (f) { return fileView(f); })));
      if (!m.text) {
        bubble.classList.add('media');
      }
    }
    col.appendChild(bubble);
    rec.meta = h('div', {class: 'meta'});
    rec.readonly = readonly;
    col.appendChild(rec.meta);
    row.appendChild(col);
    rec.el = row;
    paintMeta(rec);
    return row;
  }

  function fileView(f) {
    const url = safeUrl(f.url);
    const local = typeof f.local === 'string' && f.local.indexOf('blob:') === 0 ? f.local : null;
    const name = String(f.name || 'file');
    if ((f.image && url) || local) {
      const img = h('img', {src: local || url, alt: name, loading: 'lazy'});
      img.addEventListener('load', function () {
        const el = ui.scroll;
        if (el.scrollHeight - el.scrollTop - el.clientHeight < img.offsetHeight + 90) {
          scrollDown();
        }
      });
      return url ? h('a', {class: 'thumb', href: url, target: '_blank', rel: 'noopener noreferrer'}, [img])
        : h('span', {class: 'thumb'}, [img]);
    }
    const parts = [
      h('span', {class: 'fi'}, [icon('file')]),
      h('span', {style: null}, [h('span', {class: 'fname', text: name}), h('span', {class: 'fsize', text: size(f.size)})])
    ];
    parts[1].style.setProperty('min-width', '0');
    return url ? h('a', {class: 'file', href: url, target: '_blank', rel: 'noopener noreferrer'}, parts)
      : h('span', {class: 'file'}, parts);
  }

  function paintMeta(rec) {
    const meta = rec.meta;
    if (!meta) {
      return;
    }
    const m = rec.m;
    meta.textContent = '';
    rec.el.classList.toggle('failed', rec.state === 'failed');
    rec.el.classList.toggle('sending', rec.state === 'sending');
    let line = time(m.at);
    if (m.channel && m.channel !== 'webchat') {
      line += ' · ' + fmt(t.via, t.channels[m.channel] || m.channel);
    }
    meta.appendChild(h('span', {text: line}));
    if (m.from !== 'visitor' || rec.readonly) {
      return;
    }
    meta.appendChild(h('span', {'aria-hidden': 'true', text: '·'}));
    if (rec.state === 'failed') {
      meta.appendChild(h('span', {class: 'ok', text: t.failed}));
      meta.appendChild(h('span', {class: 'err', text: rec.error || t.error}));
      meta.appendChild(h('button', {type: 'button', class: 'act', text: t.retry, onclick: function () { retry(rec); }}));
      meta.appendChild(h('button', {type: 'button', class: 'act', text: t.discard, onclick: function () { discard(rec); }}));
    } else if (rec.state === 'sending') {
      meta.appendChild(h('span', {class: 'ok', text: t.sending}));
    } else if (rec.seen) {
      meta.appendChild(h('span', {class: 'ok seen'}, [icon('checks'), t.seen]));
    } else {
      meta.appendChild(h('span', {class: 'ok'}, [icon('check'), t.sent]));
    }
  }

  function greetingText() {
    const greeting = S.cfg.greeting;
    if (typeof greeting === 'string') {
      return greeting;
    }
    return greeting ? greeting[S.lang] || greeting.en || '' : '';
  }

  let typingTimer = null;

  function showTyping(name) {
    const row = ui.typing;
    const label = name || S.cfg.name;
    row.firstChild.replaceWith(avatar(label));
    row.querySelector('.sr').textContent = fmt(t.typing, label);
    const near = isNearBottom();
    row.hidden = false;
    if (near) {
      scrollDown();
    }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 6000);
  }

  function hideTyping() {
    clearTimeout(typingTimer);
    if (ui) {
      ui.typing.hidden = true;
    }
  }

  function isNearBottom() {
    const el = ui.scroll;
    return el.scrollHeight - el.scrollTop - el.clientHeight < 90;
  }

  // Callers decide whether to follow: the visitor's own message always, others when the visitor was at the end.
  function scrollDown() {
    if (!ui || !S.open || S.view !== 'chat') {
      return;
    }
    const el = ui.scroll;
    requestAnimationFrame(function () { el.scrollTop = el.scrollHeight; });
  }

  // ---------------------------------------------------------------------------------------------------------
  // The pre-chat form

  function prechatFields() {
    const pre = S.cfg.preChat || {};
    let fields = pre.enabled && Array.isArray(pre.fields) ? pre.fields : [];
    fields = fields.filter(function (f) {
      return f && ['name', 'email', 'question'].indexOf(f.name) >= 0;
    }).map(function (f) {
      return {name: f.name, required: !!f.required};
    });
    if (!S.online) {
      // Leave a message: the answer goes by e-mail, so the address and the question are needed.
      ['name', 'email', 'question'].forEach(function (name) {
        let field = fields.filter(function (f) { return f.name === name; })[0];
        if (!field && name !== 'name') {
          field = {name: name};
          fields.push(field);
        }
        if (field && name !== 'name') {
          field.required = true;
        }
      });
      const order = {name: 0, email: 1, question: 2};
      fields.sort(function (a, b) { return order[a.name] - order[b.name]; });
    }
    return fields;
  }

  function needsPrechat() {
    return !S.prechatDone && !S.conversation && !S.records.length && prechatFields().length > 0;
  }

  function known(name) {
    const contact = S.contact || {};
    return contact[name] || S.identity[name] || '';
  }

  // Built again only when availability changed (leave a message needs other fields); typed values and focus stay.
  function buildPrechat() {
    const old = ui.prechatHost.firstChild;
    if (old && old.online === S.online) {
      return;
    }
    const values = {};
    const focused = ui.shadow.activeElement;
    if (old) {
      old.querySelectorAll('.inp').forEach(function (input) { values[input.name] = input.value; });
    }
    // No aria-labelledby: "Leave us a message" would make getByLabel('Message') ambiguous in browser tests.
    const form = h('form', {class: 'card prechat', novalidate: true});
    form.dirty = old ? old.dirty : false;
    form.online = S.online;
    form.appendChild(h('h2', {id: 'pc-title', text: S.online ? t.startTitle : t.awayTitle}));
    form.appendChild(h('p', {class: 'intro', text: S.online ? t.startIntro : t.awayIntro}));
    prechatFields().forEach(function (f) {
      const id = 'pc-' + f.name;
      const input = f.name === 'question'
        ? h('textarea', {id: id, class: 'inp', rows: 3, maxlength: MAX_TEXT})
        : h('input', {
          id: id, class: 'inp', type: f.name === 'email' ? 'email' : 'text', maxlength: 200,
          autocomplete: f.name === 'email' ? 'email' : 'name', spellcheck: 'false'
        });
      input.name = f.name;
      input.required = f.required;
      input.value = values[f.name] != null ? values[f.name] : f.name === 'question' ? '' : known(f.name);
      const error = h('p', {class: 'error', id: id + '-error', hidden: true});
      input.addEventListener('input', function () {
        form.dirty = true;
        fieldError(input, null);
      });
      input.addEventListener('blur', function () {
        if (f.name === 'email' && input.value.trim() && !isEmail(input.value.trim())) {
          fieldError(input, t.badEmail);
        }
      });
      form.appendChild(h('div', {class: 'fld'}, [
        h('label', {for: id}, [t[f.name], f.required ? null : h('span', {class: 'opt', 'aria-hidden': 'true', text: t.optional})]),
        input, error
      ]));
    });
    form.appendChild(h('button', {type: 'submit', class: 'primary', text: S.online ? t.start : t.leave}));
    form.addEventListener('submit', submitPrechat);
    ui.prechatHost.textContent = '';
    ui.prechatHost.appendChild(form);
    if (focused && old && old.contains(focused)) {
      const again = form.querySelector('[name="' + focused.name + '"]') || form.querySelector('.inp');
      again.focus();
    }
  }

  function fieldError(input, message) {
    const error = input.nextSibling;
    error.textContent = message || '';
    error.hidden = !message;
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', error.id);
    } else {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
  }

  function submitPrechat(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = {};
    let firstBad = null;
    form.querySelectorAll('.inp').forEach(function (input) {
      const value = input.value.trim();
      values[input.name] = value;
      let problem = null;
      if (input.required && !value) {
        problem = input.name === 'email' ? t.badEmail : t.required;
      } else if (input.name === 'email' && value && !isEmail(value)) {
        problem = t.badEmail;
      }
      fieldError(input, problem);
      if (problem && !firstBad) {
        firstBad = input;
      }
    });
    if (firstBad) {
      firstBad.focus();
      return;
    }
    const contact = {};
    if (values.name) {
      contact.name = values.name;
    }
    if (values.email) {
      contact.email = values.email;
    }
    if (contact.name || contact.email) {
      S.pendingContact = contact;
      S.contact = Object.assign({}, S.contact || {}, contact);
    }
    S.prechatDone = true;
    ui.prechatHost.textContent = '';
    setView('chat');
    if (values.question) {
      sendMessage(values.question, []);
    }
    focusFirst();
  }

  // ---------------------------------------------------------------------------------------------------------
  // The composer: text, emoji, files

  let typingOn = false;
  let typingSentAt = 0;
  let typingIdle = null;

  function onComposerInput() {
    autosize();
    updateSend();
    if (!S.conversation || !welcomed) {
      return;
    }
    if (ui.input.value.trim()) {
      const now = Date.now();
      if (now - typingSentAt >= 3000 && send({type: 'typing', on: true})) {
        typingSentAt = now;
        typingOn = true;
      }
      clearTimeout(typingIdle);
      typingIdle = setTimeout(stopTyping, 5000);
    } else {
      stopTyping();
    }
  }

  function stopTyping() {
    clearTimeout(typingIdle);
    if (typingOn) {
      typingOn = false;
      send({type: 'typing', on: false});
    }
  }

  function autosize() {
    const input = ui.input;
    input.style.setProperty('height', '40px');
    input.style.setProperty('height', Math.min(Math.max(input.scrollHeight, 40), 140) + 'px');
  }

  function busyUploading() {
    return S.tray.some(function (i) { return i.state === 'uploading' || i.state === 'waiting'; });
  }

  function updateSend() {
    const ready = S.tray.some(function (i) { return i.state === 'done'; });
    ui.sendButton.disabled = !(ui.input.value.trim() || ready) || busyUploading();
    ui.attach.disabled = S.tray.length >= MAX_FILES;
  }

  function submitComposer() {
    const text = ui.input.value.replace(/^\s+|\s+$/g, '');
    const ready = S.tray.filter(function (i) { return i.state === 'done'; });
    if (busyUploading()) {
      notice(t.waitUpload, false);
      return;
    }
    if (!text && !ready.length) {
      return;
    }
    stopTyping();
    sendMessage(text.slice(0, MAX_TEXT), ready);
    ui.input.value = '';
    S.tray = S.tray.filter(function (i) { return ready.indexOf(i) < 0; });
    renderTray();
    autosize();
    updateSend();
    ui.input.focus();
  }

  function insertEmoji(emoji) {
    const input = ui.input;
    const start = input.selectionStart == null ? input.value.length : input.selectionStart;
    const end = input.selectionEnd == null ? start : input.selectionEnd;
    input.setRangeText(emoji, start, end, 'end');
    togglePop(ui.emojis, ui.emojiButton, false);
    input.focus();
    onComposerInput();
  }

  function acceptedTypes() {
    const files = S.cfg.files || {};
    return Array.isArray(files.types) ? files.types : [];
  }

  function addFiles(list) {
    const files = S.cfg.files || {};
    const types = acceptedTypes();
    Array.from(list).forEach(function (file) {
      if (S.tray.length >= MAX_FILES) {
        notice(t.tooMany, true);
        return;
      }
      const item = {file: file, name: file.name, type: file.type, size: file.size, state: 'waiting'};
      if (types.length && file.type && types.indexOf(file.type) < 0) {
        notice(fmt(t.badType, file.name), true);
        return;
      }
      if (files.maxSize && file.size > files.maxSize) {
        notice(fmt(t.tooBig, file.name, size(files.maxSize)), true);
        return;
      }
      if (/^image\//.test(file.type) && window.URL && URL.createObjectURL) {
        item.preview = URL.createObjectURL(file);
      }
      S.tray.push(item);
      if (S.token) {
        upload(item);
      }
    });
    ui.fileInput.value = '';
    connect();
    renderTray();
    updateSend();
  }

  // multipart/form-data with token and file, no custom headers and no upload listeners (an XMLHttpRequest with
  // progress events would need a CORS preflight): a simple request. The chip shows a busy bar meanwhile.
  function upload(item) {
    item.state = 'uploading';
    item.abort = window.AbortController ? new AbortController() : null;
    const form = new FormData();
    form.append('token', S.token);
    form.append('file', item.file, item.file.name);
    let status = 0;
    fetch(apiBase + 'files', {method: 'POST', body: form, credentials: 'omit', signal: item.abort && item.abort.signal})
      .then(function (response) {
        status = response.status;
        return response.json().catch(function () { return null; });
      })
      .then(function (body) {
        if (status >= 200 && status < 300 && body && body.token) {
          item.state = 'done';
          item.token = body.token;
          item.name = body.name || item.name;
          item.type = body.type || item.type;
          item.size = body.size || item.size;
        } else {
          item.state = 'error';
          item.error = (body && (body.detail || body.title))
            || (status === 413 ? fmt(t.tooBig, item.name, size((S.cfg.files || {}).maxSize)) : t.uploadFailed);
        }
      }, function () {
        item.state = 'error';
        item.error = t.uploadFailed;
      })
      .then(function () {
        renderTray();
        updateSend();
      });
    renderTray();
    updateSend();
  }

  function renderTray() {
    const tray = ui.tray;
    tray.textContent = '';
    tray.hidden = !S.tray.length;
    S.tray.forEach(function (item) {
      const picture = item.preview ? h('img', {src: item.preview, alt: ''}) : h('span', {class: 'fi'}, [icon('file')]);
      let sub;
      if (item.state === 'error') {
        sub = h('span', {class: 'csub', text: item.error});
      } else if (item.state === 'done') {
        sub = h('span', {class: 'csub', text: size(item.size)});
      } else {
        sub = h('span', {class: 'csub'}, [t.uploading, h('span', {class: 'bar'}, [h('i')])]);
      }
      const text = h('span', null, [h('span', {class: 'cname', text: item.name}), sub]);
      text.style.setProperty('min-width', '0');
      tray.appendChild(h('div', {class: 'chip' + (item.state === 'error' ? ' bad' : '')}, [
        picture, text,
        button('ibtn', fmt(t.remove, item.name), [icon('close')], function () {
          if (item.abort && item.state === 'uploading') {
            item.abort.abort();
          }
          S.tray = S.tray.filter(function (i) { return i !== item; });
          renderTray();
          updateSend();
          ui.input.focus();
        })
      ]));
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Rating, transcript, earlier conversations

  function askRating(number) {
    if (S.cfg.rating === false || S.rated[number] || (S.rateFor === number && ui.ratingHost.firstChild)) {
      return;
    }
    S.rateFor = number;
    S.score = 0;
    const label = h('p', {class: 'slabel', 'aria-hidden': 'true'});
    const stars = h('div', {class: 'stars'});
    const comment = h('textarea', {id: 'rt-comment', class: 'inp', rows: 2, maxlength: 1000, placeholder: t.commentHint});
    const more = h('div', {hidden: true}, [
      h('div', {class: 'fld'}, [h('label', {for: 'rt-comment', text: t.comment}), comment]),
      h('button', {type: 'submit', class: 'primary', text: t.sendRating})
    ]);
    t.star.forEach(function (name, index) {
      const star = h('button', {type: 'button', class: 'star', 'aria-label': name, title: t.scores[index], 'aria-pressed': 'false'},
        [icon('star')]);
      star.addEventListener('click', function () {
        S.score = index + 1;
        stars.querySelectorAll('.star').forEach(function (s, i) {
          s.classList.toggle('on', i <= index);
          s.setAttribute('aria-pressed', String(i === index));
        });
        label.textContent = t.scores[index];
        more.hidden = false;
        scrollDown();
      });
      stars.appendChild(star);
    });
    const card = h('form', {class: 'card rating', 'aria-labelledby': 'rt-q'}, [
      h('h2', {id: 'rt-q', text: t.rateQuestion}), stars, label, more
    ]);
    card.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!S.score) {
        return;
      }
      const frame = {type: 'rating', conversation: number, score: S.score};
      if (comment.value.trim()) {
        frame.comment = comment.value.trim().slice(0, 1000);
      }
      const submit = more.querySelector('.primary');
      if (send(frame)) {
        submit.disabled = true;
        submit.setAttribute('data-busy', '');
      } else {
        notice(t.notConnected, true);
      }
    });
    ui.ratingHost.textContent = '';
    ui.ratingHost.appendChild(card);
    scrollDown();
  }

  function openTranscript() {
    closePops();
    const input = ui.transcriptEmail;
    input.value = input.value || known('email');
    fieldError(input, null);
    setView('transcript');
    input.focus();
  }

  function submitTranscript(event) {
    event.preventDefault();
    const input = ui.transcriptEmail;
    const email = input.value.trim();
    if (!isEmail(email)) {
      fieldError(input, t.badEmail);
      input.focus();
      return;
    }
    fieldError(input, null);
    const submit = event.currentTarget.querySelector('.primary');
    if (send({type: 'transcript', email: email})) {
      submit.disabled = true;
      submit.setAttribute('data-busy', '');
    } else {
      notice(t.notConnected, true);
    }
  }

  function openEarlier() {
    closePops();
    const list = ui.earlierList;
    list.textContent = '';
    S.earlier.forEach(function (c) {
      const when = c.lastActivityAt ? date(c.lastActivityAt).toLocaleDateString(S.locale, {day: 'numeric', month: 'short', year: 'numeric'}) : '';
      const status = t.statuses[c.status] || c.status || '';
      list.appendChild(h('button', {type: 'button', class: 'conv', onclick: function () { openHistory(c); }}, [
        h('span', {class: 's', text: c.subject || fmt(t.conversation, c.number)}),
        c.preview ? h('span', {class: 'p', text: c.preview}) : null,
        h('span', {class: 'd', text: [when, status].filter(Boolean).join(' · ')})
      ]));
    });
    setView('earlier');
    ui.earlierTitle.focus();
  }

  function openHistory(c) {
    S.historyFor = c.number;
    ui.historyTitle.textContent = c.subject || fmt(t.conversation, c.number);
    ui.historyLog.textContent = '';
    ui.historyLog.setAttribute('aria-busy', 'true');
    ui.historyLog.appendChild(h('p', {class: 'note', text: t.loading}));
    setView('history');
    ui.historyTitle.focus();
    if (!send({type: 'history', conversation: c.number})) {
      notice(t.notConnected, true);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Window, views, header, menu, notices

  function setView(view) {
    S.view = view;
    const chat = view === 'chat' || view === 'prechat';
    ui.chatView.hidden = !chat;
    ui.composer.hidden = view !== 'chat';
    ui.prechatHost.hidden = view !== 'prechat';
    if (view === 'prechat') {
      buildPrechat();
    }
    ui.ratingHost.hidden = view !== 'chat';
    ui.transcriptView.hidden = view !== 'transcript';
    ui.earlierView.hidden = view !== 'earlier';
    ui.historyView.hidden = view !== 'history';
    if (view !== 'transcript') {
      const submit = ui.transcriptView.querySelector('.primary');
      submit.disabled = false;
      submit.removeAttribute('data-busy');
    }
    if (view === 'prechat') {
      ui.scroll.scrollTop = 0;
    } else if (view === 'chat') {
      scrollDown();
    }
  }

  function focusFirst() {
    if (!S.open) {
      return;
    }
    let target = null;
    if (S.view === 'prechat') {
      target = ui.prechatHost.querySelector('.inp');
    } else if (S.view === 'chat') {
      target = ui.input;
    } else {
      target = ui.root.querySelector('.sheet:not([hidden]) h2');
    }
    if (target) {
      target.focus({preventScroll: true});
    }
  }

  function openWindow(focus) {
    if (!ui) {
      S.pendingOpen = true;
      return;
    }
    if (!S.open) {
      S.open = true;
      session(true);
      ui.root.classList.add('open');
      ui.panel.hidden = false;
      ui.launcher.setAttribute('aria-expanded', 'true');
      ui.preview.hidden = true;
      if (S.view === 'chat' || S.view === 'prechat') {
        setView(needsPrechat() ? 'prechat' : 'chat');
      }
      updateConn();
      connect();
      sendRead();
    }
    if (S.view === 'chat') {
      scrollDown();
    }
    if (focus !== false) {
      setTimeout(focusFirst, 30);
    }
  }

  function closeWindow(returnFocus) {
    if (!ui || !S.open) {
      S.pendingOpen = false;
      return;
    }
    const hadFocus = ui.shadow.activeElement != null;
    S.open = false;
    session(false);
    closePops();
    stopTyping();
    ui.root.classList.remove('open');
    ui.panel.hidden = true;
    ui.launcher.setAttribute('aria-expanded', 'false');
    if (returnFocus || hadFocus) {
      ui.launcher.focus();
    }
  }

  function refreshOnline() {
    if (!ui) {
      return;
    }
    ui.root.classList.toggle('is-online', !!S.online);
    ui.status.textContent = S.online ? t.online : t.away;
    if (S.view === 'prechat') {
      buildPrechat();
    }
  }

  function updateBadge() {
    if (!ui) {
      return;
    }
    const n = S.unread;
    ui.badge.hidden = !n;
    ui.badge.textContent = n > 9 ? '9+' : String(n);
    ui.unreadText.textContent = n ? fmt(t.unread[n === 1 ? 0 : 1], n) : '';
  }

  function updateMenu() {
    if (!ui) {
      return;
    }
    ui.transcriptItem.hidden = S.cfg.transcript === false || !(S.conversation || S.records.length);
    ui.earlierItem.hidden = !S.earlier.length;
    ui.menuButton.hidden = ui.transcriptItem.hidden && ui.earlierItem.hidden;
  }

  let connTimer = null;

  function updateConn() {
    if (!ui) {
      return;
    }
    clearTimeout(connTimer);
    if (welcomed || !S.open) {
      ui.conn.hidden = true;
      return;
    }
    connTimer = setTimeout(function () {
      if (!welcomed && S.open) {
        ui.conn.textContent = S.everWelcomed ? t.reconnecting : t.connecting;
        ui.conn.hidden = false;
      }
    }, S.everWelcomed ? 1500 : 800);
  }

  let noticeTimer = null;

  function notice(text, bad) {
    clearTimeout(noticeTimer);
    ui.notice.textContent = text;
    ui.notice.classList.toggle('bad', !!bad);
    noticeTimer = setTimeout(function () { ui.notice.textContent = ''; }, bad ? 9000 : 6000);
  }

  function togglePop(pop, trigger, show) {
    const open = show === undefined ? pop.hidden : show;
    pop.hidden = !open;
    trigger.setAttribute('aria-expanded', String(open));
  }

  function closePops() {
    togglePop(ui.menu, ui.menuButton, false);
    togglePop(ui.emojis, ui.emojiButton, false);
  }

  function showPreview(m) {
    const name = (m.author && m.author.name) || S.cfg.name;
    const text = m.text || (m.files && m.files.length ? '📎 ' + m.files.map(function (f) { return f.name; }).join(', ') : '');
    ui.previewOpen.textContent = '';
    ui.previewOpen.appendChild(avatar(name, m.author && m.author.initials));
    ui.previewOpen.appendChild(h('span', null, [h('span', {class: 'pv-name', text: name}), h('span', {class: 'pv-text', text: text})]));
    ui.previewOpen.lastChild.style.setProperty('min-width', '0');
    ui.preview.hidden = false;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Building the widget

  function build() {
    const host = document.createElement('div');
    host.id = 'naadloos-widget';
    // Inline and !important, through the CSSOM (allowed by a content security policy without 'unsafe-inline').
    [['all', 'initial'], ['display', 'block'], ['position', 'fixed'], ['top', '0'], ['left', '0'], ['width', '0'],
      ['height', '0'], ['z-index', '2147483000'], ['visibility', 'visible'], ['opacity', '1']].forEach(function (p) {
      host.style.setProperty(p[0], p[1], 'important');
    });
    const shadow = host.attachShadow({mode: 'open'});
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
    } catch (e) {
      shadow.appendChild(h('style', {text: CSS}));
    }

    const cfg = S.cfg;
    const colours = palette(cfg.colour);
    const root = h('div', {class: 'root' + (cfg.position === 'left' ? ' left' : ''), lang: S.lang});
    Object.keys(colours).forEach(function (key) { root.style.setProperty(key, colours[key]); });

    const u = {shadow: shadow, root: root};

    // Launcher
    u.badge = h('span', {class: 'badge', 'aria-hidden': 'true', hidden: true});
    u.unreadText = h('span', {class: 'sr', id: 'nd-unread'});
    u.launcher = h('button', {
      type: 'button', class: 'launcher', 'aria-label': t.open, 'aria-expanded': 'false', 'aria-controls': 'nd-panel',
      'aria-describedby': 'nd-unread', onclick: function () {
        if (S.open) {
          closeWindow(true);
        } else {
          openWindow();
        }
      }
    }, [icon('chat', 'ic-chat'), icon('down', 'ic-down'), u.badge]);

    // Preview of a reply that came while the window was closed
    u.previewOpen = h('button', {type: 'button', class: 'pv-open', onclick: function () { openWindow(); }});
    u.preview = h('div', {class: 'preview', hidden: true}, [
      u.previewOpen,
      button('ibtn', t.hidePreview, [icon('close')], function () {
        u.preview.hidden = true;
        u.launcher.focus();
      })
    ]);

    // Header and menu
    u.status = h('p', {class: 'hsub'});
    u.menuButton = h('button', {
      type: 'button', class: 'ibtn', 'aria-label': t.menu, title: t.menu, 'aria-expanded': 'false',
      'aria-controls': 'nd-menu', onclick: function () {
        togglePop(u.emojis, u.emojiButton, false);
        togglePop(u.menu, u.menuButton);
        if (!u.menu.hidden) {
          u.menu.querySelector('button:not([hidden])').focus();
        }
      }
    }, [icon('more', 'ic-more')]);
    u.transcriptItem = h('button', {type: 'button', onclick: openTranscript}, [icon('mail'), t.transcript]);
    u.earlierItem = h('button', {type: 'button', onclick: openEarlier}, [icon('clock'), t.earlier]);
    u.menu = h('div', {class: 'menu', id: 'nd-menu', hidden: true}, [u.transcriptItem, u.earlierItem]);
    const head = h('div', {class: 'head'}, [
      h('span', {class: 'team', 'aria-hidden': 'true', text: initials(cfg.name)}),
      h('div', {class: 'htext'}, [h('h2', {class: 'htitle', text: cfg.name}), u.status]),
      h('div', {class: 'hbtns'}, [u.menuButton, button('ibtn', t.close, [icon('close')], function () { closeWindow(true); })]),
      u.menu
    ]);

    // Notices: a polite live region that is always in the tree, and the connection line.
    u.notice = h('div', {class: 'notice', role: 'status'});
    u.conn = h('div', {class: 'conn', hidden: true, role: 'status'});

    // Chat view: greeting and messages (the log), pre-chat form, typing, rating; the composer below.
    u.log = h('div', {class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t.log});
    u.prechatHost = h('div');
    u.typing = h('div', {class: 'row agent typing', hidden: true}, [
      h('span'),
      h('div', {class: 'col'}, [h('div', {class: 'bubble', 'aria-hidden': 'true'}, [
        h('span', {class: 'dot'}), h('span', {class: 'dot'}), h('span', {class: 'dot'})
      ]), h('span', {class: 'sr'})])
    ]);
    u.ratingHost = h('div');
    u.scroll = h('div', {class: 'scroll'}, [u.log, u.prechatHost, u.typing, u.ratingHost]);

    u.input = h('textarea', {
      class: 'msg', rows: 1, maxlength: MAX_TEXT, 'aria-label': t.message, placeholder: t.placeholder,
      autocomplete: 'off'
    });
    u.input.addEventListener('input', onComposerInput);
    u.input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        submitComposer();
      }
    });
    u.fileInput = h('input', {type: 'file', multiple: true, hidden: true, tabindex: '-1'});
    const types = acceptedTypes();
    if (types.length) {
      u.fileInput.setAttribute('accept', types.join(','));
    }
    u.fileInput.addEventListener('change', function () { addFiles(u.fileInput.files); });
    u.attach = button('ibtn', t.attach, [icon('clip')], function () { u.fileInput.click(); });
    u.attach.hidden = !cfg.files;
    u.emojis = h('div', {class: 'emojis', id: 'nd-emoji', hidden: true}, EMOJI.map(function (emoji) {
      return h('button', {type: 'button', text: emoji, onclick: function () { insertEmoji(emoji); }});
    }));
    u.emojiButton = h('button', {
      type: 'button', class: 'ibtn', 'aria-label': t.emoji, title: t.emoji, 'aria-expanded': 'false',
      'aria-controls': 'nd-emoji', onclick: function () {
        togglePop(u.menu, u.menuButton, false);
        togglePop(u.emojis, u.emojiButton);
        if (!u.emojis.hidden) {
          u.emojis.firstChild.focus();
        }
      }
    }, [icon('smile')]);
    // Named by its (hidden) text, not aria-label, so that getByLabel('Message') finds the text box alone.
    u.sendButton = h('button', {type: 'button', class: 'sendb', title: t.send, onclick: submitComposer},
      [icon('send'), h('span', {class: 'sr', text: t.send})]);
    u.sendButton.disabled = true;
    u.tray = h('div', {class: 'tray', hidden: true});
    u.composer = h('div', {class: 'composer'}, [
      u.tray, u.emojis,
      h('div', {class: 'box'}, [h('div', {class: 'field'}, [u.input, u.emojiButton, u.attach]), u.sendButton]),
      u.fileInput
    ]);
    u.chatView = h('div', {class: 'view'}, [u.scroll, u.composer]);

    // Transcript, earlier conversations, one earlier conversation
    function sheetHead(titleEl, backTo) {
      return h('div', {class: 'sheethead'}, [
        button('ibtn', t.back, [icon('back')], function () {
          if (backTo === 'earlier') {
            openEarlier();
          } else {
            setView(needsPrechat() ? 'prechat' : 'chat');
            focusFirst();
          }
        }),
        titleEl
      ]);
    }
    u.transcriptEmail = h('input', {
      id: 'tr-email', class: 'inp', type: 'email', autocomplete: 'email', maxlength: 200, spellcheck: 'false'
    });
    u.transcriptEmail.name = 'email';
    u.transcriptEmail.addEventListener('input', function () { fieldError(u.transcriptEmail, null); });
    const transcriptForm = h('form', {class: 'card', novalidate: true}, [
      h('p', {class: 'intro', text: t.transcriptIntro}),
      h('div', {class: 'fld'}, [h('label', {for: 'tr-email', text: t.emailAddress}), u.transcriptEmail,
        h('p', {class: 'error', id: 'tr-email-error', hidden: true})]),
      h('button', {type: 'submit', class: 'primary', text: t.sendTranscript})
    ]);
    transcriptForm.addEventListener('submit', submitTranscript);
    u.transcriptView = h('div', {class: 'sheet', hidden: true}, [
      sheetHead(h('h2', {tabindex: '-1', text: t.transcriptTitle}), 'chat'),
      h('div', {class: 'sheetbody'}, [transcriptForm])
    ]);
    u.earlierTitle = h('h2', {tabindex: '-1', text: t.earlier});
    u.earlierList = h('div');
    u.earlierView = h('div', {class: 'sheet', hidden: true}, [
      sheetHead(u.earlierTitle, 'chat'), h('div', {class: 'sheetbody'}, [u.earlierList])
    ]);
    u.historyTitle = h('h2', {tabindex: '-1'});
    u.historyLog = h('div');
    u.historyView = h('div', {class: 'sheet', hidden: true}, [
      sheetHead(u.historyTitle, 'earlier'), h('div', {class: 'sheetbody'}, [u.historyLog])
    ]);

    u.panel = h('div', {
      class: 'panel', id: 'nd-panel', role: 'dialog', 'aria-label': fmt(t.dialog, cfg.name), hidden: true
    }, [head, u.notice, u.conn, h('div', {class: 'body'}, [u.chatView, u.transcriptView, u.earlierView, u.historyView])]);

    root.appendChild(u.launcher);
    root.appendChild(u.unreadText);
    root.appendChild(u.preview);
    root.appendChild(u.panel);
    shadow.appendChild(root);

    // Escape closes what is on top: a popover, else the window (focus back on the launcher).
    root.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape') {
        return;
      }
      if (!u.emojis.hidden) {
        togglePop(u.emojis, u.emojiButton, false);
        u.emojiButton.focus();
      } else if (!u.menu.hidden) {
        togglePop(u.menu, u.menuButton, false);
        u.menuButton.focus();
      } else if (S.open) {
        closeWindow(true);
      } else {
        return;
      }
      event.preventDefault();
    });
    // A click elsewhere closes the popovers.
    function outside(event) {
      const path = event.composedPath ? event.composedPath() : [];
      [[u.menu, u.menuButton], [u.emojis, u.emojiButton]].forEach(function (pair) {
        if (!pair[0].hidden && path.indexOf(pair[0]) < 0 && path.indexOf(pair[1]) < 0) {
          togglePop(pair[0], pair[1], false);
        }
      });
    }
    document.addEventListener('pointerdown', outside, true);

    ui = u;
    document.body.appendChild(host);
    renderLog();
    refreshOnline();
    updateMenu();
    setView('chat');
  }

  // ---------------------------------------------------------------------------------------------------------
  // Start: configuration, language, then the launcher; connect at once for a visitor with a conversation.

  function chooseLanguage(cfg) {
    const pick = function (value) {
      value = String(value || '').toLowerCase();
      return value.indexOf('nl') === 0 ? 'nl' : value.indexOf('en') === 0 ? 'en' : null;
    };
    return pick(attr('language'))
      || (cfg.language && cfg.language !== 'auto' ? pick(cfg.language) : null)
      || pick(document.documentElement.lang)
      || pick(navigator.language)
      || 'en';
  }

  function start(cfg) {
    S.cfg = cfg;
    S.cfg.name = String(cfg.name || 'Chat');
    S.online = cfg.online !== false;
    S.lang = chooseLanguage(cfg);
    t = TEXTS[S.lang];
    const nav = navigator.language || '';
    S.locale = nav.toLowerCase().indexOf(S.lang) === 0 ? nav : (S.lang === 'nl' ? 'nl-NL' : 'en-GB');
    build();
    if (S.pendingOpen || session()) {
      openWindow(S.pendingOpen);
    }
    if (S.token && (load('conversation') || outbox().length)) {
      connect();
    }
    document.addEventListener('visibilitychange', function () {
      if (visible()) {
        sendRead();
        if (wanted && !ws) {
          reconnectNow();
        }
      }
    });
    window.addEventListener('online', function () {
      if (wanted && !ws) {
        reconnectNow();
      }
    });
  }

  function fetchConfig(tries) {
    fetch(apiBase + 'config', {credentials: 'omit'}).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    }).then(function (cfg) {
      if (document.body) {
        start(cfg);
      } else {
        document.addEventListener('DOMContentLoaded', function () { start(cfg); });
      }
    }).catch(function (error) {
      if (tries < 3) {
        setTimeout(function () { fetchConfig(tries + 1); }, 5000 * (tries + 1));
      } else if (window.console) {
        console.warn('Naadloos: the chat widget could not load its settings', error);
      }
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // The page's API

  function forget() {
    save('token', null);
    save('outbox', null);
    save('conversation', null);
    S.token = null;
    S.contact = null;
    S.conversation = null;
    S.earlier = [];
    S.readUpTo = null;
    S.prechatDone = false;
    S.pendingContact = null;
    S.rateFor = null;
    S.unread = 0;
    if (ui) {
      resetMessages();
      ui.ratingHost.textContent = '';
      ui.prechatHost.textContent = '';
      S.tray = [];
      renderTray();
      updateBadge();
      updateMenu();
      ui.preview.hidden = true;
      setView(needsPrechat() ? 'prechat' : 'chat');
    }
  }

  window.Naadloos = Object.freeze({
    version: '1',
    open: function () { openWindow(); },
    close: function () { closeWindow(false); },
    identify: function (user) {
      user = user || {};
      const previous = S.identity.identifier;
      S.identity = {
        identifier: user.identifier || null, hash: user.hash || null, name: user.name || null, email: user.email || null
      };
      if (previous && S.identity.identifier && previous !== S.identity.identifier) {
        forget(); // another shop user on this browser
      }
      if (ws || wanted) {
        reconnectNow();
      }
    },
    // The next visitor on this browser starts afresh: the window closes and connects again only when opened.
    logout: function () {
      S.identity = {identifier: null, hash: null, name: null, email: null};
      closeWindow(false);
      wanted = false;
      disconnect(false);
      clearTimeout(retryTimer);
      forget();
    }
  });

  fetchConfig(0);
}());
