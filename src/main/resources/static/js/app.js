// Small behaviours shared by every screen. No inline scripts: the content security policy forbids them.
(function () {
  'use strict';

  // htmx requests carry the CSRF token like forms do.
  document.addEventListener('htmx:configRequest', function (event) {
    var header = document.querySelector('meta[name="csrf-header"]');
    var token = document.querySelector('meta[name="csrf-token"]');
    if (header && token) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // Forms that need a confirmation carry the question in data-confirm.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);

  document.addEventListener('change', function (event) {
    if (event.target.matches && event.target.matches('[data-autosubmit]')) {
      event.target.form.submit();
    }
    // A provider preset fills in its servers: "field=value;field=value" on the chosen option.
    if (event.target.matches && event.target.matches('[data-preset-target]')) {
      var option = event.target.options[event.target.selectedIndex];
      var preset = option && option.getAttribute('data-preset');
      if (!preset) {
        return;
      }
      preset.split(';').forEach(function (pair) {
        var parts = pair.split('=');
        var field = event.target.form.elements[parts[0]];
        if (field) {
          field.value = parts[1];
        }
      });
    }
  });

  document.addEventListener('click', function (event) {
    var target = event.target.closest ? event.target.closest('[data-copy],[data-dismiss]') : null;
    if (!target) {
      return;
    }
    if (target.hasAttribute('data-dismiss')) {
      target.parentElement.remove();
      return;
    }
    var source = document.querySelector(target.getAttribute('data-copy'));
    if (source) {
      source.select();
      if (navigator.clipboard) {
        navigator.clipboard.writeText(source.value);
      } else {
        document.execCommand('copy');
      }
    }
  });
  // A colour picker and the text field beside it show the same colour; the text field is the one sent.
  document.addEventListener('input', function (event) {
    var target = event.target;
    var row = target.closest ? target.closest('.colour-row') : null;
    if (!row) {
      return;
    }
    var picker = row.querySelector('[data-colour-picker]');
    var text = row.querySelector('[data-colour-text]');
    if (target === picker && text) {
      text.value = picker.value;
    } else if (target === text && picker && /^#[0-9a-fA-F]{6}$/.test(text.value.trim())) {
      picker.value = text.value.trim().toLowerCase();
    }
  });
  // Workspace keys: j/k move through the inbox and Enter opens; in a conversation r replies, n writes a
  // note, e solves. Never while typing.
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (target.closest && target.closest('input, textarea, select, [contenteditable]')) {
      if (event.key === 'Escape') {
        target.blur();
      }
      return;
    }
    var help = document.getElementById('keys-help');
    if (event.key === '?' && help && help.showModal) {
      help.showModal();
      event.preventDefault();
      return;
    }
    if (event.key === '/' && help) {
      var search = document.querySelector('[data-key-search]');
      if (search) {
        search.focus();
      } else {
        window.location.href = help.getAttribute('data-search') || '/search';
      }
      event.preventDefault();
      return;
    }
    var list = document.querySelector('[data-list-keys]');
    if (list) {
      var rows = Array.prototype.slice.call(list.querySelectorAll('tr[data-row]'));
      var current = rows.findIndex(function (row) { return row.classList.contains('selected'); });
      if ((event.key === 'j' || event.key === 'k') && rows.length) {
        var next = event.key === 'j' ? Math.min(current + 1, rows.length - 1) : Math.max(current - 1, 0);
        rows.forEach(function (row) { row.classList.remove('selected'); row.removeAttribute('aria-selected'); });
        rows[next].classList.add('selected');
        rows[next].setAttribute('aria-selected', 'true');
        rows[next].querySelector('.row-link').focus();
        event.preventDefault();
      } else if (event.key === 'Enter' && current >= 0) {
        rows[current].querySelector('.row-link').click();
        event.preventDefault();
      }
      return;
    }
    if (document.querySelector('[data-conversation-keys]')) {
      var field = event.key === 'r' ? '[data-key-reply]' : event.key === 'n' ? '[data-key-note]' : null;
      if (field && document.querySelector(field)) {
        document.querySelector(field).focus();
        event.preventDefault();
      } else if (event.key === 'e' && document.querySelector('[data-key-solve]')) {
        document.querySelector('[data-key-solve]').click();
        event.preventDefault();
      }
    }
  });
  // Live workspace: the server says which conversation changed; the parts of this page marked
  // data-live-part are fetched again (at most a few times a second) and swapped in, leaving what the agent
  // is typing alone.
  var live = document.querySelector('[data-live]');
  if (live && window.EventSource && window.fetch && window.DOMParser) {
    var pending = null;
    var refresh = function () {
      pending = null;
      var selected = document.querySelector('tr[data-row].selected .row-link');
      var selectedHref = selected ? selected.getAttribute('href') : null;
      var ticked = Array.prototype.map.call(document.querySelectorAll('input[name="ids"]:checked'), function (box) {
        return box.value;
      });
      fetch(window.location.href, { credentials: 'same-origin' }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (!html) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        document.querySelectorAll('[data-live-part]').forEach(function (part) {
          var replacement = fresh.querySelector('[data-live-part="' + part.getAttribute('data-live-part') + '"]');
          if (replacement) {
            part.replaceWith(document.importNode(replacement, true));
          }
        });
        ticked.forEach(function (id) {
          var box = document.querySelector('input[name="ids"][value="' + id + '"]');
          if (box) {
            box.checked = true;
          }
        });
        if (selectedHref) {
          var again = document.querySelector('tr[data-row] .row-link[href="' + selectedHref + '"]');
          if (again) {
            again.closest('tr').classList.add('selected');
          }
        }
      });
    };
    var screenId = window.crypto && window.crypto.randomUUID ? window.crypto.randomUUID() : String(Math.random()).slice(2);
    var streamUrl = live.getAttribute('data-live');
    var source = new EventSource(streamUrl + (streamUrl.indexOf('?') < 0 ? '?' : '&') + 'screen=' + encodeURIComponent(screenId));
    var closedUrl = live.getAttribute('data-closed-url');
    if (closedUrl && navigator.sendBeacon) {
      // Colleagues stop seeing this agent here as soon as the page goes, not minutes later.
      window.addEventListener('pagehide', function () {
        var form = new FormData();
        var csrf = document.querySelector('meta[name="csrf-token"]');
        if (csrf) {
          form.append('_csrf', csrf.content);
        }
        form.append('screen', screenId);
        source.close();
        navigator.sendBeacon(closedUrl, form);
      });
    }
    source.addEventListener('conversation', function (event) {
      var only = live.getAttribute('data-live-conversation');
      if ((only && only !== event.data) || pending) {
        return;
      }
      pending = setTimeout(refresh, 250);
    });

    // Collision: which colleagues have this conversation open, and who is typing a reply.
    var presence = document.querySelector('[data-presence]');
    var viewers = '';
    var typingUntil = 0;
    var showPresence = function (typist) {
      if (!presence) {
        return;
      }
      presence.textContent = typist && Date.now() < typingUntil
        ? presence.getAttribute('data-typing').replace('{name}', typist)
        : viewers ? presence.getAttribute('data-viewing').replace('{names}', viewers) : '';
    };
    source.addEventListener('viewers', function (event) {
      viewers = event.data;
      showPresence(null);
    });
    source.addEventListener('typing', function (event) {
      typingUntil = Date.now() + 5000;
      showPresence(event.data);
      setTimeout(function () { showPresence(null); }, 5100);
    });
    var typingUrl = live.getAttribute('data-typing-url');
    var reply = document.querySelector('[data-key-reply]');
    var lastSent = 0;
    if (typingUrl && reply) {
      document.addEventListener('input', function (event) {
        if (!event.target.matches || !event.target.matches('[data-key-reply]') || Date.now() - lastSent < 3000) {
          return;
        }
        lastSent = Date.now();
        var headers = {};
        var header = document.querySelector('meta[name="csrf-header"]');
        var token = document.querySelector('meta[name="csrf-token"]');
        if (header && token) {
          headers[header.content] = token.content;
        }
        fetch(typingUrl, { method: 'POST', credentials: 'same-origin', headers: headers });
      });
    }
  }
})();
