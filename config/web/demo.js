// The demo page's WAMP client: autobahn-js (autobahn/autobahn.min.js, from npm) on the same origin's /ws.
(function () {
  'use strict';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = scheme + '//' + location.host + '/ws';
  const $ = (id) => document.getElementById(id);
  let session = null;

  function show(text) {
    const li = document.createElement('li');
    li.textContent = text;
    $('events').appendChild(li);
  }

  const connection = new autobahn.Connection({ url: url, realm: 'realm1', max_retries: -1 });

  connection.onopen = function (s) {
    session = s;
    $('status').textContent = 'connected';
    $('status').className = 'connected';
    $('session').textContent = '(session ' + s.id + ')';
    s.register('demo.add2', (args) => args[0] + args[1]).catch((e) => show('register failed: ' + e.error));
    s.subscribe('demo.news', (args, kwargs) => {
      show(JSON.stringify({ args: args, kwargs: kwargs }));
    }).catch((e) => show('subscribe failed: ' + e.error));
  };

  connection.onclose = function (reason) {
    session = null;
    $('status').textContent = 'disconnected (' + reason + ')';
    $('status').className = 'disconnected';
    $('session').textContent = '';
  };

  $('call').addEventListener('click', () => {
    if (!session) { return; }
    session.call('demo.add2', [Number($('a').value), Number($('b').value)]).then(
      (result) => { $('result').textContent = String(result); },
      (error) => { $('result').textContent = 'error: ' + error.error; });
  });

  $('publish').addEventListener('click', () => {
    if (!session) { return; }
    // exclude_me: false, so that this page sees its own event arrive as well.
    session.publish('demo.news', [$('message').value], {}, { acknowledge: true, exclude_me: false }).catch(
      (error) => show('publish failed: ' + error.error));
  });

  connection.open();
})();
