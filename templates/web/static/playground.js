// The playground without page reloads: send with fetch, poll for what the outbox delivered.
(function () {
  "use strict";
  var chat = document.getElementById("chat");
  var form = document.getElementById("compose");
  if (!chat || !form) { return; }
  var person = chat.dataset.person;
  var after = Number(chat.dataset.after || 0);
  var labels = { me: "我", bot: "机器人", push: "机器人推送" };

  function show(line) {
    var empty = document.getElementById("empty");
    if (empty) { empty.remove(); }
    var div = document.createElement("div");
    div.className = "msg " + line.who;
    var meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = labels[line.who] + " " + line.at;
    var body = document.createElement("span");
    body.innerHTML = line.html;  // escaped on the server; only <strong> and <a> are tags
    div.appendChild(meta);
    div.appendChild(body);
    chat.appendChild(div);
    chat.scrollTop = chat.scrollHeight;
  }

  function poll() {
    fetch("/playground/messages?person=" + person + "&after=" + after, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        (data.lines || []).forEach(function (line) { after = Math.max(after, line.seq); show(line); });
      })
      .catch(function () {})
      .finally(function () { setTimeout(poll, 800); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var input = document.getElementById("text");
    if (!input.value.trim()) { return; }
    var body = new URLSearchParams(new FormData(form));
    input.value = "";
    fetch(form.action, { method: "POST", body: body, headers: { Accept: "application/json" } });
  });

  chat.scrollTop = chat.scrollHeight;
  poll();
}());
