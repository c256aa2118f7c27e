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
})();
